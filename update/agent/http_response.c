#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "http_response.h"

#define SNIP 40                           /* how much of a bad line an error message shows */

static int is_tchar(char c)
{
	/* RFC 9110 5.6.2: the characters of a token, such as a header name */
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int status_line(const char *s, size_t n, struct http_response *r, struct upd_error *err)
{
	const char *sp = memchr(s, ' ', n);
	size_t vn = sp != NULL ? (size_t)(sp - s) : n, i;

	if (vn != 8 || (memcmp(s, "HTTP/1.0", 8) != 0 && memcmp(s, "HTTP/1.1", 8) != 0))
		return upd_fail(err, UPD_ERR_BAD, "line 1 (%.*s): %s", (int)(n < SNIP ? n : SNIP), s,
				n >= 5 && memcmp(s, "HTTP/", 5) == 0 ?
				"not HTTP/1.0 or HTTP/1.1" : "not an HTTP status line");
	r->version = s[7] == '0' ? 10 : 11;
	for (i = 9; i < 12 && i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			break;
	if (i < 12 || s[9] < '1' || s[9] > '5' || (n > 12 && s[12] != ' '))
		return upd_fail(err, UPD_ERR_BAD, "line 1 (%.*s): status is not three digits "
				"100..599", (int)(n < SNIP ? n : SNIP), s);
	r->status = (unsigned)((s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0'));
	/* "HTTP/1.1 200" without the space and reason is taken: nothing is ambiguous about it */
	if (n > 13) {
		memcpy(r->reason, s + 13, n - 13);
		r->reason[n - 13] = '\0';
	}
	return 0;
}

static int length_value(const char *v, size_t n, unsigned line, struct http_response *r,
			struct upd_error *err)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0)
		return upd_fail(err, UPD_ERR_BAD, "line %u: empty Content-Length", line);
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)(v[i] - '0');

		/* digits only: no sign, no spaces inside, no list ("5, 5") */
		if (v[i] < '0' || v[i] > '9')
			return upd_fail(err, UPD_ERR_BAD, "line %u: Content-Length '%.*s' is not a "
					"decimal number", line, (int)(n < SNIP ? n : SNIP), v);
		if (x > ((uint64_t)HTTP_LENGTH_MAX - d) / 10)
			return upd_fail(err, UPD_ERR_BAD, "line %u: Content-Length %.*s is larger "
					"than 2^63-1", line, (int)(n < SNIP ? n : SNIP), v);
		x = x * 10 + d;
	}
	if (r->has_length && r->length != x)
		return upd_fail(err, UPD_ERR_BAD, "line %u: a second Content-Length (%" PRIu64 ") "
				"differs from the first (%" PRIu64 ")", line, x, r->length);
	r->has_length = 1;
	r->length = x;
	return 0;
}

/* Connection: a comma-separated list of options; "close" among them, any case. */
static int lists_close(const char *v, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t start, end;

		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		start = i;
		while (i < n && v[i] != ',')
			i++;
		end = i;
		while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t'))
			end--;
		if (end - start == 5 && strncasecmp(v + start, "close", 5) == 0)
			return 1;
	}
	return 0;
}

static void value_copy(char *out, const char *v, size_t n)
{
	memcpy(out, v, n);        /* n <= HTTP_LINE_MAX: the line's own bound */
	out[n] = '\0';
}

static int header_line(const char *s, size_t n, unsigned line, struct http_response *r,
		       struct upd_error *err)
{
	const char *colon, *v;
	size_t name_len, i, vn;

	/* obs-fold: RFC 9112 5.2 lets a client replace it by spaces; refusing is safer */
	if (s[0] == ' ' || s[0] == '\t')
		return upd_fail(err, UPD_ERR_BAD, "line %u (%.*s): starts with whitespace (an "
				"obs-fold continuation line)", line, (int)(n < SNIP ? n : SNIP), s);
	colon = memchr(s, ':', n);
	if (colon == NULL)
		return upd_fail(err, UPD_ERR_BAD, "line %u (%.*s): no colon", line,
				(int)(n < SNIP ? n : SNIP), s);
	name_len = (size_t)(colon - s);
	if (name_len == 0)
		return upd_fail(err, UPD_ERR_BAD, "line %u: empty header name", line);
	/* RFC 9112 5.1: whitespace before the colon must be rejected (request smuggling) */
	if (s[name_len - 1] == ' ' || s[name_len - 1] == '\t')
		return upd_fail(err, UPD_ERR_BAD, "line %u (%.*s): whitespace before the colon",
				line, (int)(name_len < SNIP ? name_len : SNIP), s);
	for (i = 0; i < name_len; i++)
		if (!is_tchar(s[i]))
			return upd_fail(err, UPD_ERR_BAD, "line %u (%.*s): header name has '%c'",
					line, (int)(name_len < SNIP ? name_len : SNIP), s, s[i]);
	if (++r->headers > HTTP_HEADERS_MAX)
		return upd_fail(err, UPD_ERR_BAD, "line %u: more than %d header lines", line,
				HTTP_HEADERS_MAX);
	v = colon + 1;
	vn = n - name_len - 1;
	while (vn > 0 && (v[0] == ' ' || v[0] == '\t'))
		v++, vn--;
	while (vn > 0 && (v[vn - 1] == ' ' || v[vn - 1] == '\t'))
		vn--;
	if (name_len == 14 && strncasecmp(s, "Content-Length", 14) == 0)
		return length_value(v, vn, line, r, err);
	if (name_len == 17 && strncasecmp(s, "Transfer-Encoding", 17) == 0) {
		if (!r->has_transfer_encoding)
			value_copy(r->transfer_encoding, v, vn);
		r->has_transfer_encoding = 1;
	} else if (name_len == 8 && strncasecmp(s, "Location", 8) == 0) {
		if (r->location[0] != '\0')
			return upd_fail(err, UPD_ERR_BAD, "line %u: a second Location", line);
		value_copy(r->location, v, vn);
	} else if (name_len == 10 && strncasecmp(s, "Connection", 10) == 0) {
		r->connection_close |= lists_close(v, vn);
	}
	return 0;
}

/* A complete line's bytes: printable ASCII and HTAB only (no CR inside, no NUL, no DEL, no
 * byte >= 0x80: all of it may end up in an error message on the console). */
static int line_bytes(const char *s, size_t n, unsigned line, struct upd_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c >= 0x7f)
			return upd_fail(err, UPD_ERR_BAD, "line %u: byte %zu is 0x%02x, a control or "
					"non-ASCII byte", line, i + 1, c);
	}
	return 0;
}

ssize_t http_response_parse(const char *buf, size_t len, struct http_response *r,
			    struct upd_error *err)
{
	size_t pos = 0, limit = len < HTTP_HEAD_MAX ? len : HTTP_HEAD_MAX;
	unsigned line = 1;

	memset(r, 0, sizeof *r);
	for (;; line++) {
		const char *s = buf + pos, *nl = memchr(s, '\n', limit - pos);
		size_t n;

		if (nl == NULL) {
			if (limit - pos > HTTP_LINE_MAX + 1)
				return upd_fail(err, UPD_ERR_BAD, "line %u: longer than %d bytes", line,
						HTTP_LINE_MAX);
			if (len >= HTTP_HEAD_MAX)
				return upd_fail(err, UPD_ERR_BAD, "head: longer than %d bytes",
						HTTP_HEAD_MAX);
			return 0;
		}
		n = (size_t)(nl - s);
		if (n == 0 || s[n - 1] != '\r')
			return upd_fail(err, UPD_ERR_BAD, "line %u: ends in a bare LF, not CRLF", line);
		n--;
		if (n > HTTP_LINE_MAX)
			return upd_fail(err, UPD_ERR_BAD, "line %u: longer than %d bytes", line,
					HTTP_LINE_MAX);
		if (line_bytes(s, n, line, err) < 0)
			return -1;
		pos += n + 2;
		if (line == 1) {
			if (status_line(s, n, r, err) < 0)
				return -1;
		} else if (n == 0) {
			return (ssize_t)pos;
		} else if (header_line(s, n, line, r, err) < 0) {
			return -1;
		}
	}
}
