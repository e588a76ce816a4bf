/* http_response_parse on any bytes (what a server, or anything on the provisioning network,
 * can send). What it accepts must hold up: a head ending in the empty line, within the limits,
 * printable fields, the same result from the head alone, "more" for every shorter prefix; what
 * it refuses must say why in printable text (it goes to the console). */
#include <stdint.h>
#include <string.h>

#include "fuzz_assert.h"
#include "http_response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void printable(const char *s)
{
	for (; *s != '\0'; s++)
		FUZZ_ASSERT(*s == '\t' || ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_response r, again;
	const char *buf = (const char *)data;
	struct upd_error err;
	ssize_t n, m;

	err.msg[0] = '\0';
	n = http_response_parse(buf, size, &r, &err);
	FUZZ_ASSERT(n >= -1);
	if (n < 0) {
		FUZZ_ASSERT(err.msg[0] != '\0');
		printable(err.msg);
		return 0;
	}
	if (n == 0) {
		FUZZ_ASSERT(size < HTTP_HEAD_MAX);
		return 0;
	}
	FUZZ_ASSERT((size_t)n <= size && n <= HTTP_HEAD_MAX && n >= 16);
	FUZZ_ASSERT(memcmp(buf + n - 4, "\r\n\r\n", 4) == 0);
	FUZZ_ASSERT(memcmp(buf, "HTTP/1.", 7) == 0);
	FUZZ_ASSERT(r.version == 10 || r.version == 11);
	FUZZ_ASSERT(r.status >= 100 && r.status <= 599);
	FUZZ_ASSERT(r.headers <= HTTP_HEADERS_MAX);
	FUZZ_ASSERT(!r.has_length || r.length <= (uint64_t)HTTP_LENGTH_MAX);
	FUZZ_ASSERT(r.has_transfer_encoding || r.transfer_encoding[0] == '\0');
	printable(r.reason);
	printable(r.location);
	printable(r.transfer_encoding);
	/* the body's bytes play no part: the head alone parses the same */
	m = http_response_parse(buf, (size_t)n, &again, &err);
	FUZZ_ASSERT(m == n);
	FUZZ_ASSERT(again.status == r.status && again.version == r.version &&
		    again.has_length == r.has_length && again.length == r.length &&
		    again.connection_close == r.connection_close && again.headers == r.headers &&
		    strcmp(again.reason, r.reason) == 0 && strcmp(again.location, r.location) == 0);
	/* a head still arriving is never refused before its end */
	FUZZ_ASSERT(http_response_parse(buf, (size_t)n - 1, &again, &err) == 0);
	FUZZ_ASSERT(http_response_parse(buf, (size_t)n / 2, &again, &err) == 0);
	return 0;
}
