#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "grpc_call.h"

#define PREFACE "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
#define PREFACE_LEN 24
#define AUTHORITY "localhost"		/* a unix socket has no host name; grpc-go uses this */
#define H2_WINDOW_MAX 0x7fffffffu
#define H2_FRAME_SIZE_LIMIT 0xffffffu	/* the largest SETTINGS_MAX_FRAME_SIZE there is */
#define SHOWN_MAX 64		/* bytes of the server's own text put in a message */

__attribute__((format(printf, 2, 3)))
static int fail(struct grpc_call *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
	c->done = -1;
	return -1;
}

static int out_frame(struct grpc_call *c, uint8_t type, uint8_t flags, uint32_t stream,
		     const uint8_t *payload, size_t len)
{
	struct h2_frame_head h = { (uint32_t)len, type, flags, stream };

	if (len > H2_FRAME_MAX || sizeof c->out - c->out_len < H2_FRAME_HEAD_SIZE + len)
		return fail(c, "no room to answer %s: it sends faster than it reads", c->peer);
	h2_frame_head_put(c->out + c->out_len, &h);
	if (len > 0)
		memcpy(c->out + c->out_len + H2_FRAME_HEAD_SIZE, payload, len);
	c->out_len += H2_FRAME_HEAD_SIZE + len;
	return 0;
}

static void setting_put(uint8_t *p, uint16_t id, uint32_t v)
{
	p[0] = (uint8_t)(id >> 8);
	p[1] = (uint8_t)id;
	h2_put32(p + 2, v);
}

int grpc_call_start(struct grpc_call *c, const char *peer, const char *path, const uint8_t *body,
		    size_t len)
{
	uint8_t settings[2 * H2_SETTING_SIZE], block[512];
	size_t blen = 0;

	memset(c, 0, sizeof *c);
	c->peer = peer;
	c->http_status = -1;
	c->grpc_status = -1;
	hpack_decoder_init(&c->hpack, HPACK_TABLE_MAX);
	if (strlen(path) > GRPC_CALL_PATH_MAX || len > GRPC_CALL_BODY_MAX)
		return fail(c, "request too large");

	memcpy(c->out, PREFACE, PREFACE_LEN);
	c->out_len = PREFACE_LEN;
	setting_put(settings, H2_SETTINGS_ENABLE_PUSH, 0);
	setting_put(settings + H2_SETTING_SIZE, H2_SETTINGS_MAX_HEADER_LIST_SIZE,
		    GRPC_CALL_HEADER_LIST_MAX);
	/* literal fields without indexing: the server's decoder table never matters */
	if (hpack_put_literal(block, sizeof block, &blen, ":method", "POST") < 0 ||
	    hpack_put_literal(block, sizeof block, &blen, ":scheme", "http") < 0 ||
	    hpack_put_literal(block, sizeof block, &blen, ":path", path) < 0 ||
	    hpack_put_literal(block, sizeof block, &blen, ":authority", AUTHORITY) < 0 ||
	    hpack_put_literal(block, sizeof block, &blen, "content-type", "application/grpc") < 0 ||
	    hpack_put_literal(block, sizeof block, &blen, "te", "trailers") < 0)
		return fail(c, "request headers too large");
	/* the request fits HTTP/2's initial window, so it goes before the server's SETTINGS */
	if (out_frame(c, H2_SETTINGS, 0, 0, settings, sizeof settings) < 0 ||
	    out_frame(c, H2_HEADERS, H2_FLAG_END_HEADERS, GRPC_CALL_STREAM, block, blen) < 0 ||
	    out_frame(c, H2_DATA, H2_FLAG_END_STREAM, GRPC_CALL_STREAM, body, len) < 0)
		return -1;
	return 0;
}

size_t grpc_call_feed_max(const struct grpc_call *c)
{
	size_t room = sizeof c->out - c->out_len;

	return room > GRPC_CALL_REPLY_SLACK ? room - GRPC_CALL_REPLY_SLACK : 0;
}

void grpc_call_sent(struct grpc_call *c, size_t n)
{
	if (n > c->out_len)
		n = c->out_len;
	memmove(c->out, c->out + n, c->out_len - n);
	c->out_len -= n;
}

void grpc_call_eof(struct grpc_call *c)
{
	if (c->done != 0)
		return;
	if (c->goaway)
		fail(c, "%s closed the connection after GOAWAY (HTTP/2 error %u, %s) before answering",
		     c->peer, c->goaway_code, h2_error_name(c->goaway_code));
	else
		fail(c, "%s closed the connection before answering", c->peer);
}

static int name_is(const char *name, size_t nlen, const char *want)
{
	return nlen == strlen(want) && memcmp(name, want, nlen) == 0;
}

/* Decimal digits only, at most `digits` of them; -1 otherwise. */
static long small_number(const char *s, size_t len, size_t digits)
{
	long v = 0;
	size_t i;

	if (len == 0 || len > digits)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The server's bytes as shown in a message: at most cap - 1 of them, printable ASCII or '?'. */
static const char *printable_copy(char *dst, size_t cap, const char *src, size_t len)
{
	size_t i, n = len < cap - 1 ? len : cap - 1;

	for (i = 0; i < n; i++)
		dst[i] = src[i] >= 0x20 && src[i] <= 0x7e ? src[i] : '?';
	dst[n] = '\0';
	return dst;
}

/* Each field of a header block: the few that gRPC's answer is made of. */
static int field(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen)
{
	struct grpc_call *c = ctx;
	static const char grpc_type[] = "application/grpc";
	size_t tlen = sizeof grpc_type - 1;

	if (nlen > 0 && name[0] == ':') {
		if (c->blocks > 0 || !name_is(name, nlen, ":status")) {
			char shown[SHOWN_MAX + 1];

			return fail(c, "bad answer from %s: pseudo-header %s where none belongs", c->peer,
				    printable_copy(shown, sizeof shown, name, nlen));
		}
		c->http_status = (int)small_number(value, vlen, 3);
		if (c->http_status < 0)
			return fail(c, "bad answer from %s: :status is not a number", c->peer);
	} else if (name_is(name, nlen, "content-type")) {
		/* application/grpc, application/grpc+proto, application/grpc;charset=... */
		c->grpc_content = vlen >= tlen && memcmp(value, grpc_type, tlen) == 0 &&
				  (vlen == tlen || value[tlen] == '+' || value[tlen] == ';');
	} else if (name_is(name, nlen, "grpc-status")) {
		c->grpc_status = (int)small_number(value, vlen, 9);
		if (c->grpc_status < 0)
			return fail(c, "bad answer from %s: grpc-status is not a number", c->peer);
	} else if (name_is(name, nlen, "grpc-message")) {
		/* kept as far as it fits: it is only ever shown */
		size_t n = vlen < GRPC_CALL_MESSAGE_MAX ? vlen : GRPC_CALL_MESSAGE_MAX;

		memcpy(c->grpc_message, value, n);
		c->grpc_message[n] = '\0';
	}
	return 0;
}

static int block_end(struct grpc_call *c)
{
	int rc = hpack_decode(&c->hpack, c->block, c->block_len, field, c);

	c->in_block = 0;
	if (rc < 0)
		return fail(c, "bad header block from %s: HPACK: %s", c->peer, c->hpack.why);
	if (rc > 0)
		return -1;	/* field() said why */
	c->blocks++;
	if (c->blocks == 1) {
		if (c->http_status < 0)
			return fail(c, "bad answer from %s: no :status", c->peer);
		if (c->http_status != 200)
			return fail(c, "%s answered HTTP status %d, not gRPC", c->peer, c->http_status);
		if (!c->grpc_content)
			return fail(c, "%s answered without content-type application/grpc", c->peer);
	} else if (!c->block_end_stream) {
		return fail(c, "bad answer from %s: trailers that do not end the stream", c->peer);
	}
	if (!c->block_end_stream)
		return 0;
	if (c->grpc_status < 0)
		return fail(c, "bad answer from %s: no grpc-status", c->peer);
	c->done = 1;
	return 1;
}

static int block_add(struct grpc_call *c, const uint8_t *p, size_t len)
{
	if (len > sizeof c->block - c->block_len)
		return fail(c, "bad answer from %s: header block above %u bytes", c->peer,
			    GRPC_CALL_BLOCK_MAX);
	memcpy(c->block + c->block_len, p, len);
	c->block_len += len;
	return c->head.flags & H2_FLAG_END_HEADERS ? block_end(c) : 0;
}

static int on_headers(struct grpc_call *c, const uint8_t *p, size_t len)
{
	if (c->head.stream != GRPC_CALL_STREAM)
		return fail(c, "bad answer from %s: HEADERS on stream %u", c->peer, c->head.stream);
	if (h2_frame_unpad(c->head.flags, &p, &len) < 0)
		return fail(c, "bad answer from %s: HEADERS padding beyond the frame", c->peer);
	if (c->head.flags & H2_FLAG_PRIORITY) {
		if (len < 5)
			return fail(c, "bad answer from %s: HEADERS priority cut short", c->peer);
		p += 5;		/* stream dependency and weight: nothing for a client to do */
		len -= 5;
	}
	c->in_block = 1;
	c->block_len = 0;
	c->block_end_stream = (c->head.flags & H2_FLAG_END_STREAM) != 0;
	return block_add(c, p, len);
}

static int on_data(struct grpc_call *c, const uint8_t *p, size_t len)
{
	if (c->head.stream != GRPC_CALL_STREAM)
		return fail(c, "bad answer from %s: DATA on stream %u", c->peer, c->head.stream);
	if (c->blocks == 0)
		return fail(c, "bad answer from %s: DATA before the headers", c->peer);
	if (h2_frame_unpad(c->head.flags, &p, &len) < 0)
		return fail(c, "bad answer from %s: DATA padding beyond the frame", c->peer);
	if (len > sizeof c->data - c->data_len)
		return fail(c, "answer from %s above %u bytes", c->peer, GRPC_CALL_DATA_MAX);
	memcpy(c->data + c->data_len, p, len);
	c->data_len += len;
	if (c->head.flags & H2_FLAG_END_STREAM)
		return fail(c, "bad answer from %s: no trailers, so no grpc-status", c->peer);
	return 0;
}

static int on_settings(struct grpc_call *c, const uint8_t *p, size_t len)
{
	size_t i;

	if (c->head.stream != 0)
		return fail(c, "bad answer from %s: SETTINGS on a stream", c->peer);
	if (c->head.flags & H2_FLAG_ACK)
		return len == 0 ? 0 : fail(c, "bad answer from %s: SETTINGS ACK with a payload", c->peer);
	if (len % H2_SETTING_SIZE != 0)
		return fail(c, "bad answer from %s: SETTINGS of %zu bytes", c->peer, len);
	for (i = 0; i < len; i += H2_SETTING_SIZE) {
		unsigned id = (unsigned)p[i] << 8 | p[i + 1];
		uint32_t v = h2_get32(p + i + 2);

		/* the rest limit what the client sends, which is already within every minimum */
		if ((id == H2_SETTINGS_ENABLE_PUSH && v > 1) ||
		    (id == H2_SETTINGS_INITIAL_WINDOW_SIZE && v > H2_WINDOW_MAX) ||
		    (id == H2_SETTINGS_MAX_FRAME_SIZE && (v < H2_FRAME_MAX || v > H2_FRAME_SIZE_LIMIT)))
			return fail(c, "bad answer from %s: SETTINGS %u = %u", c->peer, id, v);
	}
	return out_frame(c, H2_SETTINGS, H2_FLAG_ACK, 0, NULL, 0);
}

static int on_goaway(struct grpc_call *c, const uint8_t *p, size_t len)
{
	char debug[SHOWN_MAX + 1];

	if (c->head.stream != 0 || len < 8)
		return fail(c, "bad answer from %s: malformed GOAWAY", c->peer);
	c->goaway_code = h2_get32(p + 4);
	if ((h2_get32(p) & H2_STREAM_MASK) >= GRPC_CALL_STREAM) {
		c->goaway = 1;	/* our call was taken: its answer still comes */
		return 0;
	}
	printable_copy(debug, sizeof debug, (const char *)p + 8, len - 8);
	return fail(c, "%s turned the call away: GOAWAY, HTTP/2 error %u (%s)%s%s", c->peer,
		    c->goaway_code, h2_error_name(c->goaway_code), len > 8 ? ": " : "", debug);
}

/* Frames whose payload has one legal length. */
static int length_is(struct grpc_call *c, const char *what, size_t len, size_t want)
{
	if (len == want)
		return 0;
	return fail(c, "bad answer from %s: %s of %zu bytes, not %zu", c->peer, what, len, want);
}

static int on_frame(struct grpc_call *c)
{
	const uint8_t *p = c->frame + H2_FRAME_HEAD_SIZE;
	size_t len = c->head.length;
	uint32_t code;

	if (c->in_block && c->head.type != H2_CONTINUATION)
		return fail(c, "bad answer from %s: frame type %u inside a header block", c->peer,
			    c->head.type);
	switch (c->head.type) {
	case H2_DATA:
		return on_data(c, p, len);
	case H2_HEADERS:
		return on_headers(c, p, len);
	case H2_CONTINUATION:
		if (!c->in_block || c->head.stream != GRPC_CALL_STREAM)
			return fail(c, "bad answer from %s: CONTINUATION without HEADERS", c->peer);
		return block_add(c, p, len);
	case H2_PRIORITY:
		if (c->head.stream == 0)
			return fail(c, "bad answer from %s: PRIORITY on stream 0", c->peer);
		return length_is(c, "PRIORITY", len, 5);
	case H2_RST_STREAM:
		if (c->head.stream == 0)
			return fail(c, "bad answer from %s: RST_STREAM on stream 0", c->peer);
		if (length_is(c, "RST_STREAM", len, 4) < 0)
			return -1;
		if (c->head.stream != GRPC_CALL_STREAM)
			return 0;
		code = h2_get32(p);
		return fail(c, "%s reset the call: HTTP/2 error %u (%s)", c->peer, code,
			    h2_error_name(code));
	case H2_SETTINGS:
		return on_settings(c, p, len);
	case H2_PUSH_PROMISE:
		return fail(c, "bad answer from %s: PUSH_PROMISE though push is off", c->peer);
	case H2_PING:
		if (c->head.stream != 0)
			return fail(c, "bad answer from %s: PING on a stream", c->peer);
		if (length_is(c, "PING", len, 8) < 0)
			return -1;
		return c->head.flags & H2_FLAG_ACK ? 0 : out_frame(c, H2_PING, H2_FLAG_ACK, 0, p, 8);
	case H2_GOAWAY:
		return on_goaway(c, p, len);
	case H2_WINDOW_UPDATE:
		/* the request went out whole within the initial window: nothing waits for credit */
		if (length_is(c, "WINDOW_UPDATE", len, 4) < 0)
			return -1;
		if ((h2_get32(p) & H2_STREAM_MASK) == 0)
			return fail(c, "bad answer from %s: WINDOW_UPDATE of 0", c->peer);
		return 0;
	default:
		return 0;	/* RFC 9113 4.1: unknown frame types are ignored */
	}
}

int grpc_call_feed(struct grpc_call *c, const uint8_t *buf, size_t len)
{
	while (c->done == 0 && len > 0) {
		size_t want = c->frame_len < H2_FRAME_HEAD_SIZE ? H2_FRAME_HEAD_SIZE
								  : H2_FRAME_HEAD_SIZE + c->head.length;
		size_t take = want - c->frame_len < len ? want - c->frame_len : len;
		int rc;

		memcpy(c->frame + c->frame_len, buf, take);
		c->frame_len += take;
		buf += take;
		len -= take;
		if (c->frame_len == H2_FRAME_HEAD_SIZE) {
			h2_frame_head_get(c->frame, &c->head);
			/* RFC 9113 3.4: the server's preface is a SETTINGS frame, before anything */
			if (c->frames++ == 0 && c->head.type != H2_SETTINGS)
				return fail(c, "%s does not speak HTTP/2: its first bytes are no SETTINGS frame",
					    c->peer);
			if (c->head.length > H2_FRAME_MAX)
				return fail(c, "bad answer from %s: frame of %u bytes, above the %u-byte limit",
					    c->peer, c->head.length, H2_FRAME_MAX);
		}
		if (c->frame_len < H2_FRAME_HEAD_SIZE || c->frame_len < H2_FRAME_HEAD_SIZE + c->head.length)
			continue;
		c->frame_len = 0;
		rc = on_frame(c);
		if (rc != 0)
			return rc;
	}
	return c->done;
}
