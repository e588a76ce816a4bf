/*
 * HTTP/2 frames (RFC 9113 section 4.1): the 9-byte frame header, the frame types and flags the
 * client sees, and padding. Pure functions on caller-checked buffers.
 */
#ifndef NODECRI_H2_FRAME_H
#define NODECRI_H2_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define H2_FRAME_HEAD_SIZE 9
/* SETTINGS_MAX_FRAME_SIZE's initial value; the client never raises it, so nothing larger is legal */
#define H2_FRAME_MAX 16384
/* the top bit of a stream id or a window increment is reserved */
#define H2_STREAM_MASK 0x7fffffffu

enum h2_frame_type {
	H2_DATA = 0x0,
	H2_HEADERS = 0x1,
	H2_PRIORITY = 0x2,
	H2_RST_STREAM = 0x3,
	H2_SETTINGS = 0x4,
	H2_PUSH_PROMISE = 0x5,
	H2_PING = 0x6,
	H2_GOAWAY = 0x7,
	H2_WINDOW_UPDATE = 0x8,
	H2_CONTINUATION = 0x9,
};

#define H2_FLAG_END_STREAM 0x01
#define H2_FLAG_ACK 0x01		/* SETTINGS and PING */
#define H2_FLAG_END_HEADERS 0x04
#define H2_FLAG_PADDED 0x08
#define H2_FLAG_PRIORITY 0x20

#define H2_SETTINGS_HEADER_TABLE_SIZE 0x1
#define H2_SETTINGS_ENABLE_PUSH 0x2
#define H2_SETTINGS_INITIAL_WINDOW_SIZE 0x4
#define H2_SETTINGS_MAX_FRAME_SIZE 0x5
#define H2_SETTINGS_MAX_HEADER_LIST_SIZE 0x6
#define H2_SETTING_SIZE 6		/* 16-bit identifier, 32-bit value */

struct h2_frame_head {
	uint32_t length;		/* of the payload: 24 bits on the wire */
	uint8_t type;
	uint8_t flags;
	uint32_t stream;		/* 31 bits: the reserved bit is dropped when read */
};

void h2_frame_head_put(uint8_t out[H2_FRAME_HEAD_SIZE], const struct h2_frame_head *h);
void h2_frame_head_get(const uint8_t in[H2_FRAME_HEAD_SIZE], struct h2_frame_head *h);

uint32_t h2_get32(const uint8_t *p);
void h2_put32(uint8_t *p, uint32_t v);

/*
 * DATA and HEADERS may carry a pad-length byte and padding (flag PADDED): narrows *p, *len to
 * what is between them. -1 if the padding claims more than the payload holds.
 */
int h2_frame_unpad(uint8_t flags, const uint8_t **p, size_t *len)
	__attribute__((warn_unused_result));

/* "PROTOCOL_ERROR" for 0x1 and so on (RFC 9113 section 7); "unknown" past the table. */
const char *h2_error_name(uint32_t code);

#endif
