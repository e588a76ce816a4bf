/*
 * nodemetrics' parser of an HTTP/1.x request head, pure and bounded: the request line and header
 * lines up to the empty line, at most HTTP_REQUEST_MAX bytes. It never reads past len.
 */
#ifndef NODESTATE_HTTP_REQUEST_H
#define NODESTATE_HTTP_REQUEST_H

#include <stddef.h>

#define HTTP_REQUEST_MAX 8192
#define HTTP_METHOD_MAX 15
#define HTTP_TARGET_MAX 1024

enum http_parse { HTTP_MORE, HTTP_BAD, HTTP_OK };

struct http_request {
	char method[HTTP_METHOD_MAX + 1];
	char path[HTTP_TARGET_MAX + 1];	/* the target without its query */
	size_t head_len;		/* bytes up to and with the empty line */
};

/*
 * HTTP_OK with req filled when buf[0..len) starts with a whole, well-formed head; HTTP_MORE when
 * what is there is a well-formed beginning shorter than HTTP_REQUEST_MAX; HTTP_BAD with why
 * otherwise (a bad byte or line as soon as it is seen, or no end within HTTP_REQUEST_MAX).
 * Lines end in CRLF or LF. HTTP/1.1 needs exactly one Host header (RFC 9112 3.2).
 */
enum http_parse http_request_parse(const char *buf, size_t len, struct http_request *req,
				   char *why, size_t whycap) __attribute__((warn_unused_result));

#endif
