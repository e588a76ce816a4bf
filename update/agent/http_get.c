#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http_get.h"
#include "http_response.h"
#include "http_url.h"

struct conn {
	int fd;
	const struct http_request *rq;
	char url[HTTP_URL_MAX + 1];       /* every error starts with it */
};

/* The literal's family and binary form; 0, or -1 with err. */
static int addr_parse(const char *addr, int *family, unsigned char bin[16], struct upd_error *err)
{
	size_t n, i;

	if (addr == NULL)
		return upd_fail(err, UPD_ERR_BAD, "no address");
	n = strnlen(addr, HTTP_ADDR_MAX);
	for (i = 0; i < n; i++)
		if ((unsigned char)addr[i] <= 0x20 || (unsigned char)addr[i] >= 0x7f)
			return upd_fail(err, UPD_ERR_BAD, "address byte %zu is 0x%02x", i + 1,
					(unsigned char)addr[i]);
	*family = memchr(addr, ':', n) != NULL ? AF_INET6 : AF_INET;
	if (n >= HTTP_ADDR_MAX || inet_pton(*family, addr, bin) != 1)
		return upd_fail(err, UPD_ERR_BAD, "address '%.*s' is not an IPv4 or IPv6 literal "
				"(there is no resolver)", (int)n, addr);
	return 0;
}

int http_request_format(const struct http_request *rq, char *buf, size_t cap,
			struct upd_error *err)
{
	unsigned char bin[16];
	int family, n;

	if (addr_parse(rq->addr, &family, bin, err) < 0)
		return -1;
	if (rq->port == 0)
		return upd_fail(err, UPD_ERR_BAD, "port 0");
	if (rq->path == NULL)
		return upd_fail(err, UPD_ERR_BAD, "no path");
	if (http_path_check(rq->path, err) < 0)
		return -1;
	/* Accept-Encoding: identity: the bytes on the wire are the bundle's, nothing to undo */
	n = snprintf(buf, cap, "GET %s HTTP/1.1\r\nHost: %s%s%s:%u\r\nUser-Agent: nodeupdate\r\n"
		     "Accept-Encoding: identity\r\nConnection: close\r\n\r\n", rq->path,
		     family == AF_INET6 ? "[" : "", rq->addr, family == AF_INET6 ? "]" : "",
		     (unsigned)rq->port);
	if (n < 0 || (size_t)n >= cap)
		return upd_fail(err, UPD_ERR_BAD, "request is longer than %zu bytes", cap);
	return n;
}

/* Waits for events on c->fd at most timeout seconds (a deadline: signals do not extend it).
 * 1 ready, 0 timed out, -1 with err. */
static int fd_wait(struct conn *c, short events, unsigned timeout, struct upd_error *err)
{
	struct pollfd p = { c->fd, events, 0 };
	struct timespec t0, t;
	long long left;

	if (clock_gettime(CLOCK_MONOTONIC, &t0) < 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: clock_gettime: %s", c->url, strerror(errno));
	for (;;) {
		if (clock_gettime(CLOCK_MONOTONIC, &t) < 0)
			return upd_fail(err, UPD_ERR_SYS, "%s: clock_gettime: %s", c->url,
					strerror(errno));
		left = (long long)timeout * 1000 - ((long long)(t.tv_sec - t0.tv_sec) * 1000 +
						    (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			return 0;
		switch (poll(&p, 1, (int)left)) {
		case 1:
			return 1;     /* POLLERR/POLLHUP too: the next call says what happened */
		case 0:
			continue;     /* the deadline check above decides */
		default:
			if (errno != EINTR)
				return upd_fail(err, UPD_ERR_SYS, "%s: poll: %s", c->url,
						strerror(errno));
		}
	}
}

static int conn_open(struct conn *c, struct upd_error *err)
{
	struct sockaddr_storage ss;
	socklen_t len, elen;
	unsigned char bin[16];
	int family, e, r;

	if (addr_parse(c->rq->addr, &family, bin, err) < 0)
		return -1;
	memset(&ss, 0, sizeof ss);
	if (family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(c->rq->port);
		memcpy(&a->sin6_addr, bin, 16);
		len = sizeof *a;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_port = htons(c->rq->port);
		memcpy(&a->sin_addr, bin, 4);
		len = sizeof *a;
	}
	/* non-blocking throughout: every wait is a poll with a timeout */
	c->fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	if (c->fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: socket: %s", c->url, strerror(errno));
	if (connect(c->fd, (struct sockaddr *)&ss, len) == 0)
		return 0;
	/* EINTR: the connection goes on being made, as with EINPROGRESS (POSIX connect) */
	if (errno != EINPROGRESS && errno != EINTR)
		return upd_fail(err, UPD_ERR_SYS, "%s: connect: %s", c->url, strerror(errno));
	if ((r = fd_wait(c, POLLOUT, c->rq->connect_timeout, err)) < 0)
		return -1;
	if (r == 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: connect: no answer within %u s", c->url,
				c->rq->connect_timeout);
	elen = sizeof e;
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &elen) < 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: getsockopt SO_ERROR: %s", c->url,
				strerror(errno));
	if (e != 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: connect: %s", c->url, strerror(e));
	return 0;
}

static int conn_send(struct conn *c, const char *buf, size_t len, struct upd_error *err)
{
	size_t off = 0;
	int r;

	while (off < len) {
		ssize_t n;

		if ((r = fd_wait(c, POLLOUT, c->rq->read_timeout, err)) < 0)
			return -1;
		if (r == 0)
			return upd_fail(err, UPD_ERR_SYS, "%s: sending the request: stuck for %u s",
					c->url, c->rq->read_timeout);
		/* MSG_NOSIGNAL: a server that closed early is an error here, not a SIGPIPE */
		n = send(c->fd, buf + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (n < 0)
			return upd_fail(err, UPD_ERR_SYS, "%s: sending the request: %s", c->url,
					strerror(errno));
		off += (size_t)n;
	}
	return 0;
}

/* One read of up to cap bytes, waiting at most the read timeout. Its length (0: the server
 * closed), or -1 with err saying what we were waiting for. */
static ssize_t conn_read(struct conn *c, uint8_t *buf, size_t cap, const char *waiting_for,
			 struct upd_error *err)
{
	int r;

	for (;;) {
		ssize_t n;

		if ((r = fd_wait(c, POLLIN, c->rq->read_timeout, err)) < 0)
			return -1;
		if (r == 0)
			return upd_fail(err, UPD_ERR_SYS, "%s: %s: nothing received for %u s", c->url,
					waiting_for, c->rq->read_timeout);
		n = recv(c->fd, buf, cap, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (n < 0)
			return upd_fail(err, UPD_ERR_SYS, "%s: %s: %s", c->url, waiting_for,
					strerror(errno));
		return n;
	}
}

/* What the head must say for the body to be taken. */
static int head_accept(const struct conn *c, const struct http_response *r, struct upd_error *err)
{
	const char *sp = r->reason[0] != '\0' ? " " : "";

	if (r->status / 100 == 3)
		return upd_fail(err, UPD_ERR_SYS, "%s: %u%s%s%s%s: redirects are not followed (give "
				"the installer the final URL)", c->url, r->status, sp, r->reason,
				r->location[0] != '\0' ? ", to " : " without a Location",
				r->location);
	if (r->status != 200)
		return upd_fail(err, UPD_ERR_SYS, "%s: %u%s%s", c->url, r->status, sp, r->reason);
	/* No chunked (or any) transfer coding: the verifier streams an archive whose length it
	 * knows and refuses trailing bytes anyway, so Content-Length loses nothing, and every
	 * static file server sends it; decoding chunks would be more parser on untrusted input
	 * for no gain. */
	if (r->has_transfer_encoding)
		return upd_fail(err, UPD_ERR_SYS, "%s: Transfer-Encoding '%.64s' is not supported: "
				"the bundle server must send the file with a Content-Length",
				c->url, r->transfer_encoding);
	if (!r->has_length)
		return upd_fail(err, UPD_ERR_SYS, "%s: no Content-Length: the bundle server must "
				"send one", c->url);
	return 0;
}

static int deliver(const struct conn *c, const struct http_body *body, uint64_t length,
		   uint64_t *done, const uint8_t *buf, size_t n, struct upd_error *err)
{
	if (n > length - *done)
		return upd_fail(err, UPD_ERR_SYS, "%s: the server sent more than the Content-Length "
				"of %" PRIu64 " bytes", c->url, length);
	if (n == 0)
		return 0;
	if (body->chunk(body->ctx, *done, length, buf, n, err) < 0) {
		upd_error_prefix(err, "%s: ", c->url);
		return -1;
	}
	*done += n;
	return 0;
}

static int transfer(struct conn *c, const char *req, size_t req_len,
		    const struct http_body *body, uint64_t *total, unsigned *status,
		    struct upd_error *err)
{
	/* one buffer for head and body: the agent allocates nothing */
	static uint8_t buf[HTTP_READ_CHUNK];
	_Static_assert(sizeof buf > HTTP_HEAD_MAX, "a head that fits is never cut by the buffer");
	static struct http_response resp;
	size_t filled = 0;
	ssize_t n, head = 0;

	if (conn_open(c, err) < 0 || conn_send(c, req, req_len, err) < 0)
		return -1;
	while (head == 0) {
		n = conn_read(c, buf + filled, sizeof buf - filled, "waiting for the response", err);
		if (n < 0)
			return -1;
		if (n == 0)
			return upd_fail(err, UPD_ERR_SYS, filled == 0 ?
					"%s: the server closed the connection without a response" :
					"%s: the server closed the connection inside the response "
					"head", c->url);
		filled += (size_t)n;
		if ((head = http_response_parse((const char *)buf, filled, &resp, err)) < 0) {
			upd_error_prefix(err, "%s: response ", c->url);
			return -1;
		}
	}
	if (status != NULL)
		*status = resp.status;
	if (head_accept(c, &resp, err) < 0)
		return -1;
	if (deliver(c, body, resp.length, total, buf + head, filled - (size_t)head, err) < 0)
		return -1;
	while (*total < resp.length) {
		if ((n = conn_read(c, buf, sizeof buf, "reading the body", err)) < 0)
			return -1;
		if (n == 0)
			return upd_fail(err, UPD_ERR_SYS, "%s: connection closed after %" PRIu64 " of %"
					PRIu64 " bytes", c->url, *total, resp.length);
		if (deliver(c, body, resp.length, total, buf, (size_t)n, err) < 0)
			return -1;
	}
	/* Connection: close was asked for: the end of the stream proves nothing came after */
	if ((n = conn_read(c, buf, sizeof buf, "waiting for the server to close after the body",
			   err)) < 0)
		return -1;
	if (n > 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: the server sent more than the Content-Length "
				"of %" PRIu64 " bytes", c->url, resp.length);
	return 0;
}

int http_get(const struct http_request *rq, const struct http_body *body, uint64_t *total,
	     struct upd_error *err)
{
	struct conn c = { -1, rq, "" };
	char req[HTTP_REQUEST_MAX];
	int len, r;

	*total = 0;
	if ((len = http_request_format(rq, req, sizeof req, err)) < 0) {
		upd_error_prefix(err, "http request: ");
		return -1;
	}
	/* address and path were checked by http_request_format: the URL is printable and fits */
	snprintf(c.url, sizeof c.url, "http://%s%s%s:%u%s", strchr(rq->addr, ':') ? "[" : "",
		 rq->addr, strchr(rq->addr, ':') ? "]" : "", (unsigned)rq->port, rq->path);
	if (rq->connect_timeout < 1 || rq->connect_timeout > HTTP_TIMEOUT_MAX ||
	    rq->read_timeout < 1 || rq->read_timeout > HTTP_TIMEOUT_MAX)
		return upd_fail(err, UPD_ERR_BAD, "%s: timeouts %u s and %u s: each must be 1..%d s",
				c.url, rq->connect_timeout, rq->read_timeout, HTTP_TIMEOUT_MAX);
	if (body == NULL || body->chunk == NULL)
		return upd_fail(err, UPD_ERR_BAD, "%s: no body callback", c.url);
	if (rq->status != NULL)
		*rq->status = 0;
	r = transfer(&c, req, (size_t)len, body, total, rq->status, err);
	/* the transfer's outcome is decided: a close error on a socket loses nothing */
	if (c.fd >= 0)
		(void)close(c.fd);
	return r;
}
