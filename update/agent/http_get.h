/* Fetching the bundle over the provisioning network: one plain HTTP/1.1 GET to an IP literal,
 * the body streamed to the caller. No redirects, no proxies, no DNS, no chunked bodies: the
 * site's bundle server answers 200 with a Content-Length, or the fetch fails saying why. */
#ifndef NU_HTTP_GET_H
#define NU_HTTP_GET_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define HTTP_REQUEST_MAX 2048             /* the request head we send */
#define HTTP_READ_CHUNK 65536             /* body bytes per read */
#define HTTP_TIMEOUT_MAX 3600             /* seconds, for either timeout */

struct http_request {
	const char *addr;                 /* IPv4 or IPv6 literal, no brackets */
	uint16_t port;
	const char *path;                 /* see http_path_check */
	unsigned connect_timeout;         /* seconds to get the connection, 1..HTTP_TIMEOUT_MAX */
	unsigned read_timeout;            /* seconds each read may wait, 1..HTTP_TIMEOUT_MAX */
	unsigned *status;                 /* NULL, or where the response's status goes (a 404 is
					   * an answer the caller may act on: "no per-node config") */
};

struct http_body {
	void *ctx;
	/* Consecutive body bytes: buf starts at offset, length is the whole body (Content-Length).
	 * 0 to go on, or -1 with err to stop the transfer (err is passed up, after the URL). */
	int (*chunk)(void *ctx, uint64_t offset, uint64_t length, const uint8_t *buf, size_t len,
		     struct upd_error *err);
};

/* The request head for rq: GET, Host (ADDR:PORT, IPv6 in brackets), User-Agent, identity
 * encoding, Connection: close. Its length, or -1 with err (bad address or path, or over cap). */
int http_request_format(const struct http_request *rq, char *buf, size_t cap,
			struct upd_error *err) UPD_WUR;

/* GET rq->path from rq->addr:port. On a 200 with Content-Length, hands the body to body->chunk
 * and then expects the server to close the connection (we sent Connection: close).
 * 0 with *total = the body's length, or -1 with err starting "http://ADDR:PORT/PATH: ":
 * connect refused or timed out, a read timed out, a malformed head, a status other than 200
 * ("404 Not Found"; a 3xx names its Location: redirects are not followed), a chunked or
 * otherwise encoded body, no Content-Length, a body cut short ("connection closed after N of M
 * bytes") or longer than announced, a refusal from body->chunk. Errors are UPD_ERR_SYS (the
 * fetch failed; the bundle was never judged) except those body->chunk makes. After a failure,
 * whatever body->chunk was given must be discarded. */
int http_get(const struct http_request *rq, const struct http_body *body, uint64_t *total,
	     struct upd_error *err) UPD_WUR;

#endif
