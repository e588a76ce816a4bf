/*
 * One unary gRPC call over HTTP/2 with prior knowledge (RFC 9113 section 3.3; gRPC's
 * PROTOCOL-HTTP2.md), as the client: everything it sends is prepared up front in out; the
 * server's bytes are fed in as they arrive and answered (SETTINGS and PING acknowledgements)
 * through out again. No I/O here, so tests and fuzzers drive it with plain buffers.
 *
 * Every byte fed is untrusted: frames above H2_FRAME_MAX, header blocks above
 * GRPC_CALL_BLOCK_MAX and answers above GRPC_CALL_DATA_MAX end the call with a reason.
 */
#ifndef NODECRI_GRPC_CALL_H
#define NODECRI_GRPC_CALL_H

#include <stddef.h>
#include <stdint.h>

#include "h2_frame.h"
#include "hpack.h"

#define GRPC_CALL_STREAM 1			/* the client's first and only stream */
#define GRPC_CALL_PATH_MAX 256
#define GRPC_CALL_BODY_MAX 8192			/* the request message, prefix included */
#define GRPC_CALL_BLOCK_MAX 16384		/* one header block: HEADERS and CONTINUATIONs */
#define GRPC_CALL_HEADER_LIST_MAX 16384		/* SETTINGS_MAX_HEADER_LIST_SIZE we advertise */
/*
 * The answer's DATA bytes: its gRPC prefix and message. Within HTTP/2's initial window of
 * 65535 bytes, so the server never waits for a WINDOW_UPDATE and the client sends none.
 */
#define GRPC_CALL_DATA_MAX (5 + 60 * 1024)
#define GRPC_CALL_MESSAGE_MAX 1024		/* grpc-message bytes kept, still percent-encoded */
#define GRPC_CALL_WHY_MAX 256
/* the request and its frames, then room for acknowledgements while it is not yet sent */
#define GRPC_CALL_OUT_MAX (1024 + GRPC_CALL_BODY_MAX + 2 * (H2_FRAME_HEAD_SIZE + H2_FRAME_MAX))
/* a reply can exceed the bytes that completed its frame by at most one buffered PING */
#define GRPC_CALL_REPLY_SLACK (H2_FRAME_HEAD_SIZE + 8)

struct grpc_call {
	const char *peer;			/* who answers, for messages: "containerd" */
	uint8_t out[GRPC_CALL_OUT_MAX];		/* to send, from the start */
	size_t out_len;

	uint8_t frame[H2_FRAME_HEAD_SIZE + H2_FRAME_MAX];	/* the frame being received */
	size_t frame_len;
	struct h2_frame_head head;
	unsigned long frames;			/* frame headers read */

	uint8_t block[GRPC_CALL_BLOCK_MAX];	/* the header block being received */
	size_t block_len;
	int in_block;				/* CONTINUATION frames are due */
	int block_end_stream;			/* its HEADERS frame ended the stream */
	struct hpack_decoder hpack;

	unsigned blocks;			/* header blocks decoded: headers, then trailers */
	int http_status;			/* -1 until :status */
	int grpc_content;			/* content-type is application/grpc */
	int grpc_status;			/* -1 until grpc-status */
	char grpc_message[GRPC_CALL_MESSAGE_MAX + 1];	/* as sent: percent-encoded */
	uint8_t data[GRPC_CALL_DATA_MAX];	/* the answer's DATA bytes */
	size_t data_len;

	int goaway;				/* the server said GOAWAY but took our stream */
	uint32_t goaway_code;
	int done;				/* 1: answered; -1: failed, why says why */
	char why[GRPC_CALL_WHY_MAX];
};

/*
 * Prepares the call of path (e.g. "/pkg.Service/Method") with body, the gRPC-framed request
 * message: connection preface, SETTINGS, HEADERS and DATA go into c->out. -1 if path or body is
 * longer than its limit.
 */
int grpc_call_start(struct grpc_call *c, const char *peer, const char *path, const uint8_t *body,
		    size_t len) __attribute__((warn_unused_result));

/* How many bytes may be fed now: what c->out still has room to answer. */
size_t grpc_call_feed_max(const struct grpc_call *c);

/*
 * Feeds len bytes from the server (len at most grpc_call_feed_max). 0: more are wanted;
 * 1: the call is over, http_status, grpc_status, grpc_message and data hold the answer;
 * -1: it failed, c->why says why. After 1 or -1 further bytes are not looked at.
 */
int grpc_call_feed(struct grpc_call *c, const uint8_t *buf, size_t len)
	__attribute__((warn_unused_result));

/* The server closed the connection: the call fails, c->why says how. */
void grpc_call_eof(struct grpc_call *c);

/* n bytes of c->out were sent. */
void grpc_call_sent(struct grpc_call *c, size_t n);

#endif
