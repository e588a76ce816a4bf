#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http_request.h"

/* RFC 9110 5.6.2 token characters */
static int tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static enum http_parse bad(char *why, size_t whycap, const char *what)
{
	snprintf(why, whycap, "%s", what);
	return HTTP_BAD;
}

/* "METHOD SP target SP HTTP/1.x" (CR already stripped). */
static enum http_parse request_line(const char *l, size_t n, struct http_request *req,
				    int *minor, char *why, size_t whycap)
{
	const char *sp1 = memchr(l, ' ', n), *sp2, *q;
	size_t ml, tl, i;

	if (sp1 == NULL || sp1 == l)
		return bad(why, whycap, "request line has no method");
	ml = (size_t)(sp1 - l);
	if (ml > HTTP_METHOD_MAX)
		return bad(why, whycap, "method is too long");
	for (i = 0; i < ml; i++)
		if (!tchar((unsigned char)l[i]))
			return bad(why, whycap, "method holds a byte that is not a token character");
	sp2 = memchr(sp1 + 1, ' ', n - ml - 1);
	if (sp2 == NULL || sp2 == sp1 + 1)
		return bad(why, whycap, "request line is not \"METHOD TARGET HTTP/1.x\"");
	tl = (size_t)(sp2 - sp1 - 1);
	if (tl > HTTP_TARGET_MAX)
		return bad(why, whycap, "request target is too long");
	if (sp1[1] != '/')
		return bad(why, whycap, "request target is not an absolute path");
	for (i = 0; i < tl; i++)
		if ((unsigned char)sp1[1 + i] < 0x21 || (unsigned char)sp1[1 + i] > 0x7e)
			return bad(why, whycap, "request target holds a byte that is not visible ASCII");
	if ((size_t)(l + n - sp2 - 1) != 8 || memcmp(sp2 + 1, "HTTP/1.", 7) != 0 ||
	    (sp2[8] != '0' && sp2[8] != '1'))
		return bad(why, whycap, "protocol is not HTTP/1.0 or HTTP/1.1");
	*minor = sp2[8] - '0';
	memcpy(req->method, l, ml);
	req->method[ml] = '\0';
	q = memchr(sp1 + 1, '?', tl);
	tl = q != NULL ? (size_t)(q - sp1 - 1) : tl;
	memcpy(req->path, sp1 + 1, tl);
	req->path[tl] = '\0';
	return HTTP_OK;
}

/* "name: value" (CR stripped). Counts Host headers. */
static enum http_parse header_line(const char *l, size_t n, unsigned *hosts, char *why,
				   size_t whycap)
{
	const char *colon = memchr(l, ':', n);
	size_t i, nl;

	if (l[0] == ' ' || l[0] == '\t')
		return bad(why, whycap, "folded header line (obsolete line folding)");
	if (colon == NULL || colon == l)
		return bad(why, whycap, "header line is not \"name: value\"");
	nl = (size_t)(colon - l);
	for (i = 0; i < nl; i++)
		if (!tchar((unsigned char)l[i]))
			return bad(why, whycap, "header name holds a byte that is not a token character");
	for (i = nl + 1; i < n; i++) {
		unsigned char c = (unsigned char)l[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return bad(why, whycap, "header value holds a control byte");
	}
	if (nl == 4 && strncasecmp(l, "host", 4) == 0)
		(*hosts)++;
	return HTTP_OK;
}

enum http_parse http_request_parse(const char *buf, size_t len, struct http_request *req,
				   char *why, size_t whycap)
{
	size_t pos = 0, lim = len < HTTP_REQUEST_MAX ? len : HTTP_REQUEST_MAX;
	unsigned line = 0, hosts = 0;
	int minor = 0;

	memset(req, 0, sizeof *req);
	if (whycap > 0)
		why[0] = '\0';
	while (pos < lim) {
		const char *l = buf + pos, *nl = memchr(l, '\n', lim - pos);
		size_t n, i;
		enum http_parse r;

		if (nl == NULL) {
			/* an unfinished line: refuse what can never become valid, else wait */
			for (i = 0; i < lim - pos; i++) {
				unsigned char c = (unsigned char)l[i];

				if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f ||
				    (c == '\r' && i + 1 < lim - pos))
					return bad(why, whycap, "control byte in the request head");
			}
			break;
		}
		n = (size_t)(nl - l);
		pos += n + 1;
		if (n > 0 && l[n - 1] == '\r')
			n--;
		if (memchr(l, '\r', n) != NULL || memchr(l, '\0', n) != NULL)
			return bad(why, whycap, "stray CR or NUL in the request head");
		if (line++ == 0) {
			if (n == 0)
				return bad(why, whycap, "empty request line");
			r = request_line(l, n, req, &minor, why, whycap);
		} else if (n == 0) {
			if (minor == 1 && hosts != 1)
				return bad(why, whycap, hosts ? "more than one Host header" :
					   "HTTP/1.1 request without a Host header");
			req->head_len = pos;
			return HTTP_OK;
		} else {
			r = header_line(l, n, &hosts, why, whycap);
		}
		if (r != HTTP_OK)
			return r;
	}
	if (len >= HTTP_REQUEST_MAX)
		return bad(why, whycap, "request head longer than 8192 bytes");
	return HTTP_MORE;
}
