/*
 * The CRI messages of ImageService/PullImage (k8s.io/cri-api runtime.v1) as protobuf, the
 * gRPC length prefix around them, and the text gRPC puts in grpc-message. The request is
 * encoded by hand: two nested length-delimited fields. The answer is decoded with bounds and
 * skips fields it does not know, as protobuf readers must.
 */
#ifndef NODECRI_CRI_MSG_H
#define NODECRI_CRI_MSG_H

#include <stddef.h>
#include <stdint.h>

#define CRI_PULL_PATH "/runtime.v1.ImageService/PullImage"
#define CRI_IMAGE_MAX 4096		/* an image name we send */
#define CRI_REF_MAX 1024		/* an image_ref we accept (sha256:... is 71) */
#define GRPC_PREFIX_SIZE 5		/* compressed flag, 32-bit big-endian length */
/* a request, prefix included: two tags, two varints of at most 2 bytes, the name */
#define CRI_PULL_REQUEST_MAX (GRPC_PREFIX_SIZE + 1 + 2 + 1 + 2 + CRI_IMAGE_MAX)

/*
 * PullImageRequest{image: ImageSpec{image: name}} behind its gRPC prefix, into out. The length,
 * or 0 if ilen is 0 or above CRI_IMAGE_MAX or out is too small.
 */
size_t cri_pull_request(uint8_t *out, size_t cap, const char *image, size_t ilen);

/*
 * The single message of a unary answer's DATA bytes: *msg, *mlen inside data. -1 with *why if
 * there is none, more than one, a cut one or a compressed one (the client asks for none).
 */
int grpc_unframe(const uint8_t *data, size_t len, const uint8_t **msg, size_t *mlen,
		 const char **why) __attribute__((warn_unused_result));

/*
 * PullImageResponse's image_ref (field 1) into ref, NUL-terminated, at most cap - 1 bytes.
 * -1 with *why if the message is malformed, or the field is missing, empty or too long.
 */
int cri_pull_response(const uint8_t *msg, size_t len, char *ref, size_t cap, const char **why)
	__attribute__((warn_unused_result));

/*
 * grpc-message's percent-encoding (gRPC's PROTOCOL-HTTP2.md): %XX is the byte 0xXX; a '%' that
 * two hex digits do not follow is kept as it is. At most cap - 1 bytes and a NUL into dst
 * (cap > 0); the length written.
 */
size_t grpc_percent_decode(char *dst, size_t cap, const char *src, size_t len);

/* Every byte of s outside printable ASCII becomes '?': the server's text stays on one line. */
void cri_printable(char *s);

#endif
