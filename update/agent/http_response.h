/* The head of an HTTP/1.0 or 1.1 response (status line, header lines, the empty line), parsed
 * strictly and within fixed bounds: it comes off the network. */
#ifndef NU_HTTP_RESPONSE_H
#define NU_HTTP_RESPONSE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "upd_attr.h"
#include "upd_error.h"

#define HTTP_HEAD_MAX 8192                /* bytes of head, the empty line's CRLF included */
#define HTTP_HEADERS_MAX 64               /* header lines */
#define HTTP_LINE_MAX 1024                /* bytes of one line, its CRLF not counted */
#define HTTP_LENGTH_MAX INT64_MAX         /* Content-Length: what off_t and lseek can hold */

struct http_response {
	unsigned version;                 /* 10 or 11 */
	unsigned status;                  /* 100..599 */
	char reason[HTTP_LINE_MAX + 1];   /* may be empty */
	int has_length;
	uint64_t length;                  /* Content-Length, when has_length */
	int has_transfer_encoding;
	char transfer_encoding[HTTP_LINE_MAX + 1];   /* the first such header's value */
	char location[HTTP_LINE_MAX + 1];            /* "" when absent */
	int connection_close;             /* a Connection header lists "close" */
	unsigned headers;                 /* header lines seen */
};

/* buf: the len bytes received so far (the head need not be complete; bytes after it are the
 * body's and are not looked at). Lines must end in CRLF: a bare LF is malformed (every server a
 * site runs sends CRLF; a reader that also took LF would disagree with one that does not about
 * where a line ends). Header names are case-insensitive; the whole head must be printable
 * ASCII or HTAB.
 * Returns the head's length in bytes, the empty line included (the body starts there), with r
 * filled; 0 if the head is not complete yet and may still become valid; -1 with err naming the
 * line for a malformed head: a control byte, a bare LF, an obs-fold (continuation) line, a
 * missing colon, whitespace before the colon, a Content-Length that is not plain decimal, over
 * HTTP_LENGTH_MAX or repeated with another value, a repeated Location, a version other than
 * HTTP/1.0 and 1.1, or a line, a head or a header count over the limits above. */
ssize_t http_response_parse(const char *buf, size_t len, struct http_response *r,
			    struct upd_error *err) UPD_WUR;

#endif
