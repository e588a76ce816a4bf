#include <string.h>

#include "cri_msg.h"

#define PB_WIRE_VARINT 0
#define PB_WIRE_FIXED64 1
#define PB_WIRE_LEN 2
#define PB_WIRE_FIXED32 5
#define PB_VARINT_MAX 10		/* bytes of a 64-bit varint */
#define PB_TAG(field, wire) ((uint8_t)((field) << 3 | (wire)))

static size_t varint_put(uint8_t *out, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		out[n++] = (uint8_t)(0x80 | (v & 0x7f));
		v >>= 7;
	}
	out[n++] = (uint8_t)v;
	return n;
}

static size_t varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

size_t cri_pull_request(uint8_t *out, size_t cap, const char *image, size_t ilen)
{
	size_t spec, msg, n = 0;

	if (ilen == 0 || ilen > CRI_IMAGE_MAX)
		return 0;
	spec = 1 + varint_len(ilen) + ilen;		/* ImageSpec.image = 1 */
	msg = 1 + varint_len(spec) + spec;		/* PullImageRequest.image = 1 */
	if (cap < GRPC_PREFIX_SIZE + msg)
		return 0;
	out[n++] = 0;					/* not compressed */
	out[n++] = (uint8_t)(msg >> 24);
	out[n++] = (uint8_t)(msg >> 16);
	out[n++] = (uint8_t)(msg >> 8);
	out[n++] = (uint8_t)msg;
	out[n++] = PB_TAG(1, PB_WIRE_LEN);
	n += varint_put(out + n, spec);
	out[n++] = PB_TAG(1, PB_WIRE_LEN);
	n += varint_put(out + n, ilen);
	memcpy(out + n, image, ilen);
	return n + ilen;
}

int grpc_unframe(const uint8_t *data, size_t len, const uint8_t **msg, size_t *mlen,
		 const char **why)
{
	uint32_t n;

	if (len == 0) {
		*why = "no message";
		return -1;
	}
	if (len < GRPC_PREFIX_SIZE) {
		*why = "message prefix cut short";
		return -1;
	}
	if (data[0] == 1) {
		*why = "compressed message, though none was asked for";
		return -1;
	}
	if (data[0] != 0) {
		*why = "message prefix with an unknown flag";
		return -1;
	}
	n = (uint32_t)data[1] << 24 | (uint32_t)data[2] << 16 | (uint32_t)data[3] << 8 | data[4];
	if (n > len - GRPC_PREFIX_SIZE) {
		*why = "message cut short";
		return -1;
	}
	if (n < len - GRPC_PREFIX_SIZE) {
		*why = "more than one message in a unary answer";
		return -1;
	}
	*msg = data + GRPC_PREFIX_SIZE;
	*mlen = n;
	return 0;
}

static int varint_get(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	unsigned shift = 0, i;

	*v = 0;
	for (i = 0; i < PB_VARINT_MAX; i++, shift += 7) {
		uint8_t b;

		if (*p >= end)
			return -1;
		b = *(*p)++;
		if (i == PB_VARINT_MAX - 1 && b > 1)
			return -1;	/* past 64 bits */
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

int cri_pull_response(const uint8_t *msg, size_t len, char *ref, size_t cap, const char **why)
{
	const uint8_t *p = msg, *end = msg + len;
	uint64_t key, v;

	ref[0] = '\0';
	while (p < end) {
		if (varint_get(&p, end, &key) < 0) {
			*why = "malformed field key";
			return -1;
		}
		if (key >> 3 == 0) {
			*why = "field number 0";
			return -1;
		}
		if (key >> 3 == 1 && (key & 7) != PB_WIRE_LEN) {
			*why = "image_ref is not a string";
			return -1;
		}
		switch (key & 7) {
		case PB_WIRE_VARINT:
			if (varint_get(&p, end, &v) < 0) {
				*why = "malformed varint";
				return -1;
			}
			break;
		case PB_WIRE_FIXED64:
		case PB_WIRE_FIXED32: {
			size_t k = (key & 7) == PB_WIRE_FIXED64 ? 8 : 4;

			if ((size_t)(end - p) < k) {
				*why = "fixed-size field cut short";
				return -1;
			}
			p += k;
			break;
		}
		case PB_WIRE_LEN:
			if (varint_get(&p, end, &v) < 0 || v > (uint64_t)(end - p)) {
				*why = "length-delimited field cut short";
				return -1;
			}
			/* image_ref = 1; the last one wins, as in any protobuf reader */
			if (key >> 3 == 1) {
				if (v >= cap) {
					*why = "image_ref longer than the limit";
					return -1;
				}
				if (memchr(p, '\0', (size_t)v) != NULL) {
					*why = "image_ref holds a NUL byte";
					return -1;
				}
				memcpy(ref, p, (size_t)v);
				ref[v] = '\0';
			}
			p += v;
			break;
		default:
			*why = "unknown or group wire type";
			return -1;
		}
	}
	if (ref[0] == '\0') {
		*why = "no image_ref";
		return -1;
	}
	return 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t grpc_percent_decode(char *dst, size_t cap, const char *src, size_t len)
{
	size_t i = 0, n = 0;

	while (i < len && n + 1 < cap) {
		int hi = len - i >= 3 && src[i] == '%' ? hex_value(src[i + 1]) : -1;
		int lo = hi >= 0 ? hex_value(src[i + 2]) : -1;

		if (lo >= 0) {
			dst[n++] = (char)(hi << 4 | lo);
			i += 3;
		} else {
			dst[n++] = src[i++];
		}
	}
	dst[n] = '\0';
	return n;
}

void cri_printable(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}
