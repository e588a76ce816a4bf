/*
 * One unary gRPC call over HTTP/2, driven by scripted server bytes: the request the client sends,
 * answers whole and one byte at a time, acknowledgements, CONTINUATION and padding, and each way
 * a server can misbehave, refused with a reason that names it.
 */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "cri_msg.h"
#include "grpc_call.h"

static struct grpc_call c;
static struct hpack_decoder d;
/* what the server sends: room for an answer above the limit and its headers */
static uint8_t srv[GRPC_CALL_DATA_MAX + 8 * (H2_FRAME_HEAD_SIZE + H2_FRAME_MAX)];
static size_t slen;
static uint8_t blk[GRPC_CALL_BLOCK_MAX + 64];	/* a header block being built */
static size_t blen;

static const uint8_t body[] = { 0, 0, 0, 0, 7, 0x0a, 5, 0x0a, 3, 'b', 'o', 'x' };

static void frame(uint8_t type, uint8_t flags, uint32_t stream, const void *p, size_t len);

/* A started call; the script so far is the server's preface, an empty SETTINGS frame. */
static void start(void)
{
	slen = 0;
	blen = 0;
	if (grpc_call_start(&c, "containerd", CRI_PULL_PATH, body, sizeof body) != 0)
		abort();
	frame(H2_SETTINGS, 0, 0, "", 0);
}

static void frame(uint8_t type, uint8_t flags, uint32_t stream, const void *p, size_t len)
{
	struct h2_frame_head h = { (uint32_t)len, type, flags, stream };

	if (len > sizeof srv - slen - H2_FRAME_HEAD_SIZE)
		abort();	/* the script outgrew srv: a bug in the test */
	h2_frame_head_put(srv + slen, &h);
	memcpy(srv + slen + H2_FRAME_HEAD_SIZE, p, len);
	slen += H2_FRAME_HEAD_SIZE + len;
}

static void field(const char *name, const char *value)
{
	if (hpack_put_literal(blk, sizeof blk, &blen, name, value) != 0)
		abort();
}

/* The block built so far as one HEADERS frame; the block is then started afresh. */
static void headers(uint8_t flags)
{
	frame(H2_HEADERS, flags | H2_FLAG_END_HEADERS, 1, blk, blen);
	blen = 0;
}

static void response_headers(void)
{
	blk[blen++] = 0x88;	/* :status 200, indexed in the static table */
	field("content-type", "application/grpc");
	headers(0);
}

static void data(const void *p, size_t len)
{
	frame(H2_DATA, 0, 1, p, len);
}

static void trailers(const char *status, const char *message)
{
	field("grpc-status", status);
	if (message != NULL)
		field("grpc-message", message);
	headers(H2_FLAG_END_STREAM);
}

static const uint8_t answer[] = { 0, 0, 0, 0, 13, 0x0a, 11, 's', 'h', 'a', '2', '5', '6', ':',
				  'a', 'b', 'c', 'd' };

static void ordinary_answer(void)
{
	static const uint8_t ping[8] = "12345678", wu[4] = { 0, 0, 0x10, 0 };

	frame(H2_SETTINGS, 0, 0, "\x00\x04\x00\x10\x00\x00", 6);	/* INITIAL_WINDOW_SIZE */
	frame(H2_WINDOW_UPDATE, 0, 0, wu, 4);
	frame(H2_SETTINGS, H2_FLAG_ACK, 0, "", 0);
	frame(H2_PING, 0, 0, ping, 8);
	response_headers();
	data(answer, sizeof answer);
	trailers("0", NULL);
}

static int feed_all(size_t step)
{
	size_t at = 0;
	int rc = 0;

	while (at < slen && rc == 0) {
		size_t n = slen - at < step ? slen - at : step;

		rc = grpc_call_feed(&c, srv + at, n);
		at += n;
	}
	return rc;
}

static char fields_got[1024];

static int collect(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen)
{
	size_t at = strlen(fields_got);

	(void)ctx;
	snprintf(fields_got + at, sizeof fields_got - at, "%.*s: %.*s\n", (int)nlen, name, (int)vlen,
		 value);
	return 0;
}

static void request_is_preface_settings_headers_data(void)
{
	struct h2_frame_head h;
	const uint8_t *p;

	start();
	CHECK(memcmp(c.out, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 24) == 0);
	p = c.out + 24;
	h2_frame_head_get(p, &h);
	CHECK(h.type == H2_SETTINGS && h.flags == 0 && h.stream == 0 && h.length == 12);
	/* ENABLE_PUSH 0, MAX_HEADER_LIST_SIZE 16384 */
	CHECK(memcmp(p + 9, "\x00\x02\x00\x00\x00\x00\x00\x06\x00\x00\x40\x00", 12) == 0);
	p += 9 + 12;
	h2_frame_head_get(p, &h);
	CHECK(h.type == H2_HEADERS && h.flags == H2_FLAG_END_HEADERS && h.stream == 1);
	hpack_decoder_init(&d, 4096);
	fields_got[0] = '\0';
	CHECK_INT(hpack_decode(&d, p + 9, h.length, collect, NULL), 0);
	CHECK_STR(fields_got, ":method: POST\n:scheme: http\n:path: /runtime.v1.ImageService/PullImage\n"
			      ":authority: localhost\ncontent-type: application/grpc\nte: trailers\n");
	p += 9 + h.length;
	h2_frame_head_get(p, &h);
	CHECK(h.type == H2_DATA && h.flags == H2_FLAG_END_STREAM && h.stream == 1);
	CHECK_INT(h.length, sizeof body);
	CHECK(memcmp(p + 9, body, sizeof body) == 0);
	CHECK_INT(p + 9 + h.length - c.out, c.out_len);
}

static void request_too_large_is_refused(void)
{
	static uint8_t big[GRPC_CALL_BODY_MAX + 1];
	char path[GRPC_CALL_PATH_MAX + 2];

	CHECK(grpc_call_start(&c, "containerd", "/p", big, sizeof big) < 0);
	memset(path, 'p', sizeof path - 1);
	path[sizeof path - 1] = '\0';
	CHECK(grpc_call_start(&c, "containerd", path, body, sizeof body) < 0);
}

static void ordinary_answer_is_read_and_acknowledged(void)
{
	size_t sent;
	struct h2_frame_head h;

	start();
	sent = c.out_len;
	ordinary_answer();
	CHECK_INT(feed_all(slen), 1);
	CHECK_INT(c.http_status, 200);
	CHECK_INT(c.grpc_status, 0);
	CHECK_STR(c.grpc_message, "");
	CHECK_INT(c.data_len, sizeof answer);
	CHECK(memcmp(c.data, answer, sizeof answer) == 0);
	/* two SETTINGS ACKs, then a PING ACK with the same 8 bytes, follow the request */
	CHECK_INT(c.out_len, sent + 9 + 9 + 17);
	h2_frame_head_get(c.out + sent, &h);
	CHECK(h.type == H2_SETTINGS && h.flags == H2_FLAG_ACK && h.length == 0);
	h2_frame_head_get(c.out + sent + 18, &h);
	CHECK(h.type == H2_PING && h.flags == H2_FLAG_ACK && h.length == 8);
	CHECK(memcmp(c.out + sent + 27, "12345678", 8) == 0);
}

static void answer_fed_one_byte_at_a_time_reads_the_same(void)
{
	start();
	ordinary_answer();
	CHECK_INT(feed_all(1), 1);
	CHECK_INT(c.grpc_status, 0);
	CHECK_INT(c.data_len, sizeof answer);
}

static void sent_bytes_leave_out(void)
{
	size_t n;

	start();
	n = c.out_len;
	grpc_call_sent(&c, 10);
	CHECK_INT(c.out_len, n - 10);
	CHECK(memcmp(c.out, "/2.0\r\n", 6) == 0);	/* "PRI * HTTP" went */
	grpc_call_sent(&c, c.out_len + 5);
	CHECK_INT(c.out_len, 0);
}

static void refusal_in_trailers_only(void)
{
	start();
	blk[blen++] = 0x88;
	field("content-type", "application/grpc");
	trailers("2", "failed to pull image %22x%22: not found");
	CHECK_INT(feed_all(slen), 1);
	CHECK_INT(c.grpc_status, 2);
	CHECK_STR(c.grpc_message, "failed to pull image %22x%22: not found");
	CHECK_INT(c.data_len, 0);
}

static void headers_split_over_continuations(void)
{
	start();
	blk[blen++] = 0x88;
	field("content-type", "application/grpc+proto");
	field("grpc-accept-encoding", "gzip");
	frame(H2_HEADERS, 0, 1, blk, 3);
	frame(H2_CONTINUATION, 0, 1, blk + 3, 10);
	frame(H2_CONTINUATION, H2_FLAG_END_HEADERS, 1, blk + 13, blen - 13);
	blen = 0;
	data(answer, sizeof answer);
	trailers("0", "");
	CHECK_INT(feed_all(7), 1);
	CHECK_INT(c.grpc_status, 0);
}

static void padding_and_priority_are_skipped(void)
{
	uint8_t p[64 + 300];
	size_t n = 0;

	start();
	blk[blen++] = 0x88;
	field("content-type", "application/grpc");
	/* pad length 4, priority (5 bytes), the block, 4 bytes of padding */
	p[n++] = 4;
	memcpy(p + n, "\x80\x00\x00\x03\x10", 5);
	n += 5;
	memcpy(p + n, blk, blen);
	n += blen;
	memset(p + n, 0, 4);
	n += 4;
	frame(H2_HEADERS, H2_FLAG_END_HEADERS | H2_FLAG_PADDED | H2_FLAG_PRIORITY, 1, p, n);
	blen = 0;
	p[0] = 255;	/* DATA with 255 bytes of padding */
	memcpy(p + 1, answer, sizeof answer);
	memset(p + 1 + sizeof answer, 0, 255);
	frame(H2_DATA, H2_FLAG_PADDED, 1, p, 1 + sizeof answer + 255);
	trailers("0", NULL);
	CHECK_INT(feed_all(slen), 1);
	CHECK_INT(c.data_len, sizeof answer);
	CHECK(memcmp(c.data, answer, sizeof answer) == 0);
}

static void unknown_frames_and_priority_are_ignored(void)
{
	start();
	frame(0x42, 0xff, 0, "whatever", 8);
	frame(H2_PRIORITY, 0, 3, "\x00\x00\x00\x01\x10", 5);
	frame(H2_RST_STREAM, 0, 3, "\x00\x00\x00\x08", 4);	/* not our stream */
	frame(H2_PING, H2_FLAG_ACK, 0, "12345678", 8);
	ordinary_answer();
	CHECK_INT(feed_all(slen), 1);
}

static void goaway_that_took_our_call_still_answers(void)
{
	start();
	frame(H2_GOAWAY, 0, 0, "\x00\x00\x00\x01\x00\x00\x00\x00", 8);
	ordinary_answer();
	CHECK_INT(feed_all(slen), 1);
	CHECK_INT(c.grpc_status, 0);
}

static void bytes_after_the_answer_are_not_read(void)
{
	start();
	ordinary_answer();
	frame(H2_PUSH_PROMISE, 0, 1, "junk", 4);
	CHECK_INT(feed_all(slen), 1);
	CHECK_INT(grpc_call_feed(&c, (const uint8_t *)"\xff\xff\xff", 3), 1);
}

/* Feeds what was scripted; the call must then have failed (CHECK_REFUSED reads why). */
static void refused(void)
{
	int rc = feed_all(slen);

	if (rc != -1)
		snprintf(c.why, sizeof c.why, "fed without failing (rc %d)", rc);
}

#define CHECK_REFUSED(needle)                 \
	do {                                  \
		refused();                    \
		CHECK_INT(c.done, -1);        \
		CHECK_CONTAINS(c.why, needle); \
	} while (0)

static void frame_above_the_limit_is_refused(void)
{
	uint8_t head[9];
	struct h2_frame_head h = { H2_FRAME_MAX + 1, H2_DATA, 0, 1 };

	start();
	h2_frame_head_put(head, &h);
	memcpy(srv + slen, head, 9);
	slen += 9;
	CHECK_REFUSED("frame of 16385 bytes, above the 16384-byte limit");
}

static void header_block_above_the_limit_is_refused(void)
{
	static uint8_t filler[H2_FRAME_MAX];

	start();
	frame(H2_HEADERS, 0, 1, filler, sizeof filler);
	frame(H2_CONTINUATION, 0, 1, "x", 1);
	CHECK_REFUSED("header block above 16384 bytes");
}

static void answer_above_the_limit_is_refused(void)
{
	static uint8_t filler[H2_FRAME_MAX];
	unsigned i;

	start();
	response_headers();
	for (i = 0; i * sizeof filler <= GRPC_CALL_DATA_MAX; i++)
		data(filler, sizeof filler);
	CHECK_REFUSED("above 61445 bytes");
}

static void reset_of_our_stream_says_the_code(void)
{
	start();
	response_headers();
	frame(H2_RST_STREAM, 0, 1, "\x00\x00\x00\x08", 4);
	CHECK_REFUSED("containerd reset the call: HTTP/2 error 8 (CANCEL)");
}

static void goaway_before_our_call_says_why(void)
{
	start();
	frame(H2_GOAWAY, 0, 0, "\x00\x00\x00\x00\x00\x00\x00\x0btoo_many_pings\n", 23);
	CHECK_REFUSED("turned the call away: GOAWAY, HTTP/2 error 11 (ENHANCE_YOUR_CALM): "
		      "too_many_pings?");
}

static void other_frame_inside_a_header_block_is_refused(void)
{
	start();
	blk[blen++] = 0x88;
	frame(H2_HEADERS, 0, 1, blk, blen);
	frame(H2_PING, 0, 0, "12345678", 8);
	CHECK_REFUSED("frame type 6 inside a header block");
}

static void continuation_without_headers_is_refused(void)
{
	start();
	frame(H2_CONTINUATION, H2_FLAG_END_HEADERS, 1, "\x88", 1);
	CHECK_REFUSED("CONTINUATION without HEADERS");
}

static void continuation_on_another_stream_is_refused(void)
{
	start();
	frame(H2_HEADERS, 0, 1, "\x88", 1);
	frame(H2_CONTINUATION, H2_FLAG_END_HEADERS, 3, "", 0);
	CHECK_REFUSED("CONTINUATION without HEADERS");
}

static void http_error_status_is_not_grpc(void)
{
	start();
	blk[blen++] = 0x8d;	/* :status 404 */
	headers(H2_FLAG_END_STREAM);
	CHECK_REFUSED("containerd answered HTTP status 404, not gRPC");
}

static void other_content_type_is_not_grpc(void)
{
	start();
	blk[blen++] = 0x88;
	field("content-type", "application/grpcweb");
	headers(0);
	CHECK_REFUSED("without content-type application/grpc");
}

static void missing_status_is_refused(void)
{
	start();
	field("content-type", "application/grpc");
	headers(0);
	CHECK_REFUSED("no :status");
}

static void trailers_without_grpc_status_are_refused(void)
{
	start();
	response_headers();
	field("grpc-message", "hm");
	headers(H2_FLAG_END_STREAM);
	CHECK_REFUSED("no grpc-status");
}

static void trailers_that_do_not_end_the_stream_are_refused(void)
{
	start();
	response_headers();
	field("grpc-status", "0");
	headers(0);
	CHECK_REFUSED("trailers that do not end the stream");
}

static void data_ending_the_stream_has_no_status(void)
{
	start();
	response_headers();
	frame(H2_DATA, H2_FLAG_END_STREAM, 1, answer, sizeof answer);
	CHECK_REFUSED("no trailers, so no grpc-status");
}

static void data_before_headers_is_refused(void)
{
	start();
	data(answer, sizeof answer);
	CHECK_REFUSED("DATA before the headers");
}

static void pseudo_header_in_trailers_is_refused(void)
{
	start();
	response_headers();
	blk[blen++] = 0x88;
	trailers("0", NULL);
	CHECK_REFUSED("pseudo-header :status where none belongs");
}

static void non_numeric_grpc_status_is_refused(void)
{
	start();
	response_headers();
	trailers("0x1", NULL);
	CHECK_REFUSED("grpc-status is not a number");
}

static void bad_hpack_is_refused(void)
{
	start();
	frame(H2_HEADERS, H2_FLAG_END_HEADERS, 1, "\xbe", 1);
	CHECK_REFUSED("HPACK: index beyond");
}

static void frames_on_other_streams_are_refused(void)
{
	start();
	frame(H2_HEADERS, H2_FLAG_END_HEADERS, 3, "\x88", 1);
	CHECK_REFUSED("HEADERS on stream 3");
	start();
	response_headers();
	frame(H2_DATA, 0, 0, "x", 1);
	CHECK_REFUSED("DATA on stream 0");
	start();
	frame(H2_PUSH_PROMISE, H2_FLAG_END_HEADERS, 1, "\x00\x00\x00\x02\x88", 5);
	CHECK_REFUSED("PUSH_PROMISE");
}

static void malformed_control_frames_are_refused(void)
{
	start();
	frame(H2_SETTINGS, 0, 0, "\x00\x04\x00\x00\x00", 5);
	CHECK_REFUSED("SETTINGS of 5 bytes");
	start();
	frame(H2_SETTINGS, 0, 0, "\x00\x05\x00\x00\x00\x64", 6);
	CHECK_REFUSED("SETTINGS 5 = 100");
	start();
	frame(H2_SETTINGS, 0, 0, "\x00\x04\x80\x00\x00\x00", 6);
	CHECK_REFUSED("SETTINGS 4 = 2147483648");
	start();
	frame(H2_SETTINGS, H2_FLAG_ACK, 0, "\x00\x04\x00\x00\x00\x00", 6);
	CHECK_REFUSED("SETTINGS ACK with a payload");
	start();
	frame(H2_SETTINGS, 0, 1, "", 0);
	CHECK_REFUSED("SETTINGS on a stream");
	start();
	frame(H2_PING, 0, 0, "1234567", 7);
	CHECK_REFUSED("PING of 7 bytes, not 8");
	start();
	frame(H2_WINDOW_UPDATE, 0, 0, "\x00\x00\x00\x00", 4);
	CHECK_REFUSED("WINDOW_UPDATE of 0");
	start();
	frame(H2_RST_STREAM, 0, 1, "\x00\x00\x08", 3);
	CHECK_REFUSED("RST_STREAM of 3 bytes");
	start();
	frame(H2_GOAWAY, 0, 0, "\x00\x00\x00", 3);
	CHECK_REFUSED("malformed GOAWAY");
	start();
	frame(H2_DATA, H2_FLAG_PADDED, 1, "\x05xy", 3);
	response_headers();	/* never reached: DATA before headers is refused first */
	CHECK_REFUSED("DATA before the headers");
	start();
	response_headers();
	frame(H2_DATA, H2_FLAG_PADDED, 1, "\x05xy", 3);
	CHECK_REFUSED("DATA padding beyond the frame");
	start();
	frame(H2_HEADERS, H2_FLAG_END_HEADERS | H2_FLAG_PRIORITY, 1, "\x00\x00", 2);
	CHECK_REFUSED("HEADERS priority cut short");
}

static void a_peer_that_is_not_http2_is_named(void)
{
	static const char http1[] = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\n";

	start();
	slen = 0;
	memcpy(srv, http1, sizeof http1 - 1);
	slen = sizeof http1 - 1;
	CHECK_REFUSED("containerd does not speak HTTP/2: its first bytes are no SETTINGS frame");
	start();
	slen = 0;
	frame(H2_PING, 0, 0, "12345678", 8);
	CHECK_REFUSED("no SETTINGS frame");
}

static void closed_connection_says_so(void)
{
	start();
	response_headers();
	CHECK_INT(feed_all(slen), 0);
	grpc_call_eof(&c);
	CHECK_INT(c.done, -1);
	CHECK_STR(c.why, "containerd closed the connection before answering");
	start();
	frame(H2_GOAWAY, 0, 0, "\x00\x00\x00\x01\x00\x00\x00\x00", 8);
	CHECK_INT(feed_all(slen), 0);
	grpc_call_eof(&c);
	CHECK_CONTAINS(c.why, "after GOAWAY (HTTP/2 error 0, NO_ERROR) before answering");
}

/* With out never drained, feed_max shrinks to 0 and the call never writes past out. */
static void acknowledgements_never_overflow_out(void)
{
	size_t fed = 0;

	start();
	CHECK_INT(grpc_call_feed(&c, srv, slen), 0);
	for (;;) {
		size_t max = grpc_call_feed_max(&c), n = 0;

		if (max < 17)
			break;
		slen = 0;
		while (slen + 17 <= max)
			frame(H2_PING, 0, 0, "abcdefgh", 8);
		n = slen;
		CHECK_INT(grpc_call_feed(&c, srv, n), 0);
		fed += n;
	}
	CHECK(c.out_len <= sizeof c.out);
	CHECK(fed > 0);
	/* fed past what it allows, it fails rather than overflow */
	slen = 0;
	frame(H2_PING, 0, 0, "abcdefgh", 8);
	frame(H2_PING, 0, 0, "abcdefgh", 8);
	CHECK_REFUSED("sends faster than it reads");
}

/*
 * containerd 1.6.20's own answers to PullImage, recorded on its socket: SETTINGS, WINDOW_UPDATE,
 * a BDP PING, then headers and trailers in Go's HPACK (Huffman strings, incremental indexing).
 */
static const char *const containerd_pulled =
	"0000060400000000000005000040000000000401000000000000040800000000"
	"000000002400000806000000000002041010090e070700000e01040000000188"
	"5f8b1d75d0620d263d4c4d656400004e00000000000100000000490a47736861"
	"3235363a64336334343665663232396130363938636139393733343736346638"
	"3130363539306662643365613264643766646562336236373235663036396132"
	"6364633400001801050000000140889acac8b21234da8f013040899acac8b525"
	"4207317f00";
/* the same for docker.io/library/x:1, which the registry does not have: trailers only */
static const char *const containerd_not_found =
	"0000060400000000000005000040000000000401000000000000040800000000"
	"000000001e00000806000000000002041010090e070700008f01050000000188"
	"5f8b1d75d0620d263d4c4d656440889acac8b21234da8f013540899acac8b525"
	"4207317fe99466a0b22893a95db450a0ea914b6aac64eaa1a91cc553f990e4ea"
	"5b1731d8a0d1d83b3d31e6e07f9b8a4a3350591449d4b0a83d1dcaa58594b616"
	"a2154fe64393a96c5cc762834760ecf4c79b81fe6e2921c9d4b62e63b141a3b0"
	"767a63cdc0dc52a3a5494f6d527f";

static void recorded(const char *hex)
{
	int hi = -1;

	start();
	slen = 0;	/* the recording has containerd's own preface */
	for (; *hex != '\0'; hex++) {
		int v = *hex >= '0' && *hex <= '9' ? *hex - '0' : *hex - 'a' + 10;

		if (hi < 0) {
			hi = v;
		} else {
			srv[slen++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
}

static void containerd_answer_is_read(void)
{
	const uint8_t *msg;
	const char *why = NULL;
	char ref[CRI_REF_MAX];
	size_t mlen, sent;

	recorded(containerd_pulled);
	sent = c.out_len;
	CHECK_INT(feed_all(slen), 1);
	CHECK_INT(c.grpc_status, 0);
	CHECK(grpc_unframe(c.data, c.data_len, &msg, &mlen, &why) == 0);
	CHECK(cri_pull_response(msg, mlen, ref, sizeof ref, &why) == 0);
	CHECK_STR(ref, "sha256:d3c446ef229a0698ca99734764f8106590fbd3ea2dd7fdeb3b6725f069a2cdc4");
	CHECK_INT(c.out_len, sent + 9 + 17);	/* its SETTINGS and PING acknowledged */
	/* the same, a byte at a time */
	recorded(containerd_pulled);
	CHECK_INT(feed_all(1), 1);
	CHECK_INT(c.grpc_status, 0);
}

static void containerd_refusal_is_read(void)
{
	char text[GRPC_CALL_MESSAGE_MAX + 1];

	recorded(containerd_not_found);
	CHECK_INT(feed_all(slen), 1);
	CHECK_INT(c.grpc_status, 5);
	/* grpc-go percent-encodes only bytes outside printable ASCII and '%': quotes come as they are */
	CHECK_STR(c.grpc_message, "failed to pull and unpack image \"docker.io/library/x:1\": "
				  "failed to resolve reference \"docker.io/library/x:1\": "
				  "docker.io/library/x:1: not found");
	grpc_percent_decode(text, sizeof text, c.grpc_message, strlen(c.grpc_message));
	CHECK_STR(text, c.grpc_message);
}

int main(void)
{
	RUN(request_is_preface_settings_headers_data);
	RUN(request_too_large_is_refused);
	RUN(ordinary_answer_is_read_and_acknowledged);
	RUN(answer_fed_one_byte_at_a_time_reads_the_same);
	RUN(sent_bytes_leave_out);
	RUN(refusal_in_trailers_only);
	RUN(headers_split_over_continuations);
	RUN(padding_and_priority_are_skipped);
	RUN(unknown_frames_and_priority_are_ignored);
	RUN(goaway_that_took_our_call_still_answers);
	RUN(bytes_after_the_answer_are_not_read);
	RUN(frame_above_the_limit_is_refused);
	RUN(header_block_above_the_limit_is_refused);
	RUN(answer_above_the_limit_is_refused);
	RUN(reset_of_our_stream_says_the_code);
	RUN(goaway_before_our_call_says_why);
	RUN(other_frame_inside_a_header_block_is_refused);
	RUN(continuation_without_headers_is_refused);
	RUN(continuation_on_another_stream_is_refused);
	RUN(http_error_status_is_not_grpc);
	RUN(other_content_type_is_not_grpc);
	RUN(missing_status_is_refused);
	RUN(trailers_without_grpc_status_are_refused);
	RUN(trailers_that_do_not_end_the_stream_are_refused);
	RUN(data_ending_the_stream_has_no_status);
	RUN(data_before_headers_is_refused);
	RUN(pseudo_header_in_trailers_is_refused);
	RUN(non_numeric_grpc_status_is_refused);
	RUN(bad_hpack_is_refused);
	RUN(frames_on_other_streams_are_refused);
	RUN(malformed_control_frames_are_refused);
	RUN(a_peer_that_is_not_http2_is_named);
	RUN(closed_connection_says_so);
	RUN(acknowledgements_never_overflow_out);
	RUN(containerd_answer_is_read);
	RUN(containerd_refusal_is_read);
	return check_done();
}
