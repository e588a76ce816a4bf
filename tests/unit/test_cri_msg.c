/*
 * The CRI PullImage messages and their gRPC framing: the request's exact bytes, the answer's
 * image_ref found among fields the reader does not know, and every malformed answer refused with
 * a reason; grpc-message's percent-decoding and the one-line text shown.
 */
#include <stdint.h>

#include "check.h"
#include "cri_msg.h"

static uint8_t buf[CRI_PULL_REQUEST_MAX + 64];
static char ref[CRI_REF_MAX];

static void request_bytes_are_exact(void)
{
	static const char image[] = "docker.io/library/busybox:1.36";
	/* prefix: uncompressed, length 34; then 0a 20 (image, 32 bytes) 0a 1e (image, 30 bytes) */
	static const uint8_t want[] = { 0, 0, 0, 0, 34, 0x0a, 32, 0x0a, 30 };
	size_t n = cri_pull_request(buf, sizeof buf, image, strlen(image));

	CHECK_INT(n, sizeof want + strlen(image));
	CHECK(memcmp(buf, want, sizeof want) == 0);
	CHECK(memcmp(buf + sizeof want, image, strlen(image)) == 0);
}

static void long_names_take_two_byte_lengths(void)
{
	char image[201];
	size_t n;

	memset(image, 'a', 200);
	image[200] = '\0';
	n = cri_pull_request(buf, sizeof buf, image, 200);
	/* ImageSpec: 1 + 2 + 200 = 203; request: 1 + 2 + 203 = 206 */
	CHECK_INT(n, 5 + 206);
	CHECK(buf[3] == 0 && buf[4] == 206);
	CHECK(buf[5] == 0x0a && buf[6] == (0x80 | (203 & 0x7f)) && buf[7] == 203 >> 7);
	CHECK(buf[8] == 0x0a && buf[9] == (0x80 | (200 & 0x7f)) && buf[10] == 200 >> 7);
}

static void requests_that_cannot_fit_are_refused(void)
{
	static char image[CRI_IMAGE_MAX + 2];

	memset(image, 'a', sizeof image - 1);
	CHECK_INT(cri_pull_request(buf, sizeof buf, image, 0), 0);
	CHECK_INT(cri_pull_request(buf, sizeof buf, image, CRI_IMAGE_MAX + 1), 0);
	CHECK(cri_pull_request(buf, sizeof buf, image, CRI_IMAGE_MAX) > 0);	/* the max fits */
	CHECK_INT(cri_pull_request(buf, 10, image, 20), 0);
}

/* One message behind its prefix: the usual unary answer. */
static void unframe_finds_the_one_message(void)
{
	static const uint8_t data[] = { 0, 0, 0, 0, 3, 'a', 'b', 'c' };
	const uint8_t *msg;
	const char *why = NULL;
	size_t mlen;

	CHECK(grpc_unframe(data, sizeof data, &msg, &mlen, &why) == 0);
	CHECK_INT(mlen, 3);
	CHECK(msg == data + 5);
}

static void unframe_refuses_what_is_not_one_plain_message(void)
{
	static const uint8_t cut[] = { 0, 0, 0, 0, 4, 'a', 'b', 'c' };
	static const uint8_t two[] = { 0, 0, 0, 0, 1, 'a', 0, 0, 0, 0, 0 };
	static const uint8_t gz[] = { 1, 0, 0, 0, 1, 'a' };
	static const uint8_t odd[] = { 2, 0, 0, 0, 0 };
	static const uint8_t huge[] = { 0, 0xff, 0xff, 0xff, 0xff, 'a' };
	const uint8_t *msg;
	const char *why = NULL;
	size_t mlen;

	CHECK(grpc_unframe(cut, 0, &msg, &mlen, &why) < 0);
	CHECK_STR(why, "no message");
	CHECK(grpc_unframe(cut, 4, &msg, &mlen, &why) < 0);
	CHECK_CONTAINS(why, "prefix cut short");
	CHECK(grpc_unframe(cut, sizeof cut, &msg, &mlen, &why) < 0);
	CHECK_CONTAINS(why, "message cut short");
	CHECK(grpc_unframe(huge, sizeof huge, &msg, &mlen, &why) < 0);
	CHECK_CONTAINS(why, "message cut short");
	CHECK(grpc_unframe(two, sizeof two, &msg, &mlen, &why) < 0);
	CHECK_CONTAINS(why, "more than one");
	CHECK(grpc_unframe(gz, sizeof gz, &msg, &mlen, &why) < 0);
	CHECK_CONTAINS(why, "compressed");
	CHECK(grpc_unframe(odd, sizeof odd, &msg, &mlen, &why) < 0);
	CHECK_CONTAINS(why, "unknown flag");
}

static int response(const uint8_t *m, size_t len, const char **why)
{
	return cri_pull_response(m, len, ref, sizeof ref, why);
}

static void response_gives_image_ref(void)
{
	static const uint8_t m[] = "\x0a\x0bsha256:abcd";
	const char *why = NULL;

	CHECK(response(m, sizeof m - 1, &why) == 0);
	CHECK_STR(ref, "sha256:abcd");
}

/* A newer containerd may add fields: every wire type is skipped by its own length. */
static void response_skips_fields_it_does_not_know(void)
{
	static const uint8_t m[] = "\x10\x96\x01"			/* 2: varint 150 */
				   "\x19" "12345678"			/* 3: fixed64 */
				   "\x25" "1234"			/* 4: fixed32 */
				   "\x2a\x03xyz"			/* 5: bytes */
				   "\x0a\x03old"			/* 1 */
				   "\xf8\xff\xff\xff\x0f\x01"		/* field 2^29-1: varint */
				   "\x0a\x04sha2";			/* 1 again: the last wins */
	const char *why = NULL;

	CHECK(response(m, sizeof m - 1, &why) == 0);
	CHECK_STR(ref, "sha2");
}

static void malformed_responses_are_refused(void)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *why;
	} bad[] = {
		{ "", 0, "no image_ref" },
		{ "\x10\x01", 2, "no image_ref" },
		{ "\x0a\x00", 2, "no image_ref" },
		{ "\x0a\x05sha", 5, "cut short" },
		{ "\x0a", 1, "cut short" },
		{ "\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01x", 12, "cut short" },
		{ "\x10\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 11, "malformed varint" },
		{ "\x10\x80", 2, "malformed varint" },
		{ "\x80", 1, "malformed field key" },
		{ "\x02\x00", 2, "field number 0" },
		{ "\x08\x01", 2, "not a string" },
		{ "\x0b\x0c", 2, "not a string" },		/* field 1 as a group */
		{ "\x13\x14", 2, "group" },			/* field 2 as a group */
		{ "\x16", 1, "unknown" },			/* wire type 6 */
		{ "\x19" "1234567", 8, "fixed-size field cut short" },
		{ "\x25" "123", 4, "fixed-size field cut short" },
		{ "\x0a\x03" "a\0b", 5, "NUL" },
	};
	const char *why;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = "";
		CHECK(response((const uint8_t *)bad[i].bytes, bad[i].len, &why) < 0);
		CHECK_CONTAINS(why, bad[i].why);
	}
}

static void image_ref_longer_than_the_buffer_is_refused(void)
{
	static uint8_t m[3 + CRI_REF_MAX];
	const char *why = NULL;

	m[0] = 0x0a;
	m[1] = 0x80 | (CRI_REF_MAX & 0x7f);
	m[2] = CRI_REF_MAX >> 7;
	memset(m + 3, 'r', CRI_REF_MAX);
	CHECK(response(m, sizeof m, &why) < 0);
	CHECK_CONTAINS(why, "longer than the limit");
	/* one byte less fits with its terminator */
	m[1] = 0x80 | ((CRI_REF_MAX - 1) & 0x7f);
	m[2] = (CRI_REF_MAX - 1) >> 7;
	CHECK(response(m, sizeof m - 1, &why) == 0);
	CHECK_INT(strlen(ref), CRI_REF_MAX - 1);
}

static void percent_decoding_as_grpc_sends_it(void)
{
	char out[64];
	const char *in;

	in = "failed to pull %22x%22: not found%0A%E2%82%AC";
	CHECK_INT(grpc_percent_decode(out, sizeof out, in, strlen(in)), 33);
	CHECK_STR(out, "failed to pull \"x\": not found\n\xe2\x82\xac");
	/* what is not %XX stays as it is, at the end too */
	in = "100% %zz %4 %";
	CHECK_INT(grpc_percent_decode(out, sizeof out, in, strlen(in)), strlen(in));
	CHECK_STR(out, in);
	in = "%4a%4A";
	grpc_percent_decode(out, sizeof out, in, strlen(in));
	CHECK_STR(out, "JJ");
	/* bounded by cap, terminated */
	in = "abcdef";
	CHECK_INT(grpc_percent_decode(out, 4, in, strlen(in)), 3);
	CHECK_STR(out, "abc");
	/* len, not the terminator, ends the input */
	CHECK_INT(grpc_percent_decode(out, sizeof out, "%41%42", 4), 2);
	CHECK_STR(out, "A%");
}

static void shown_text_stays_on_one_line(void)
{
	char s[] = "line\none\ttab\x1b[31m\xe2\x82\xac\x7f";

	cri_printable(s);
	CHECK_STR(s, "line?one?tab?[31m????");
}

int main(void)
{
	RUN(request_bytes_are_exact);
	RUN(long_names_take_two_byte_lengths);
	RUN(requests_that_cannot_fit_are_refused);
	RUN(unframe_finds_the_one_message);
	RUN(unframe_refuses_what_is_not_one_plain_message);
	RUN(response_gives_image_ref);
	RUN(response_skips_fields_it_does_not_know);
	RUN(malformed_responses_are_refused);
	RUN(image_ref_longer_than_the_buffer_is_refused);
	RUN(percent_decoding_as_grpc_sends_it);
	RUN(shown_text_stays_on_one_line);
	return check_done();
}
