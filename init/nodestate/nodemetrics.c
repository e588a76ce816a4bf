/*
 * nodemetrics --bind ADDR --port PORT [--root DIR]: the node's state in Prometheus' text format
 * (0.0.4) on GET /metrics. A minimal HTTP/1.1 server, one connection at a time: at most
 * HTTP_REQUEST_MAX bytes of request head within IO_TIMEOUT_MS, the answer within IO_TIMEOUT_MS
 * too, then the connection is closed, so a slow or silent client holds it for 5 s at most.
 * 404 for another path, 405 for another method, 400 for a malformed request, 408 on a timeout.
 * Exit 100 usage, 111 when it cannot listen or drop its privileges.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http_request.h"
#include "metrics_privileges.h"
#include "ns_out.h"

#define IO_TIMEOUT_MS 5000
#define DRAIN_MS 200		/* after the answer: read what the client still sends, so the close
				   does not turn into a reset that eats the answer */
#define LISTEN_BACKLOG 8

static struct node_state st;
static char body[NS_OUT_MAX];
static char head[512];
static char req[HTTP_REQUEST_MAX];

/* Waits for events on fd until deadline. 1 ready, 0 timed out, -1 error. */
static int wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		struct pollfd p = { fd, events, 0 };
		long long left = deadline - ns_now_ms();
		int r;

		if (left <= 0)
			return 0;
		r = poll(&p, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		return r < 0 ? -1 : r > 0 ? 1 : 0;
	}
}

/* All of buf before deadline. 0, or -1 (the client went away or was too slow). */
static int send_all(int fd, const char *buf, size_t len, long long deadline)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (wait_fd(fd, POLLOUT, deadline) != 1)
				return -1;
			continue;
		}
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void respond(int fd, int code, const char *reason, const char *type, const char *extra,
		    const char *content, size_t clen)
{
	long long deadline = ns_now_ms() + IO_TIMEOUT_MS;
	int n = snprintf(head, sizeof head,
			 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s"
			 "Connection: close\r\n\r\n", code, reason, type, clen, extra);

	if (n < 0 || (size_t)n >= sizeof head)
		return;
	if (send_all(fd, head, (size_t)n, deadline) == 0)
		(void)send_all(fd, content, clen, deadline);
}

static void respond_text(int fd, int code, const char *reason, const char *extra, const char *msg)
{
	respond(fd, code, reason, "text/plain; charset=utf-8", extra, msg, strlen(msg));
}

static void serve_metrics(int fd, const char *root)
{
	struct ns_out o;

	(void)ns_collect(&st, root);
	ns_out_init(&o, body, sizeof body);
	ns_format_metrics(&o, &st);
	if (!ns_out_ok(&o)) {
		fprintf(stderr, "nodemetrics: the metrics do not fit %zu bytes\n", sizeof body);
		respond_text(fd, 500, "Internal Server Error", "", "metrics do not fit the buffer\n");
		return;
	}
	respond(fd, 200, "OK", "text/plain; version=0.0.4; charset=utf-8", "", body, o.len);
}

static void serve(int fd, const char *root)
{
	long long deadline = ns_now_ms() + IO_TIMEOUT_MS;
	struct http_request r;
	enum http_parse p = HTTP_MORE;
	char why[128];
	size_t len = 0;

	while (p == HTTP_MORE) {
		ssize_t n;
		int w = wait_fd(fd, POLLIN, deadline);

		if (w == 0) {
			respond_text(fd, 408, "Request Timeout", "", "no whole request within 5 s\n");
			return;
		}
		if (w < 0)
			return;
		n = recv(fd, req + len, sizeof req - len, MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (n <= 0)
			return;	/* reset, or closed before a whole request: nobody to answer */
		len += (size_t)n;
		p = http_request_parse(req, len, &r, why, sizeof why);
	}
	if (p == HTTP_BAD) {
		char msg[sizeof why + 32];

		snprintf(msg, sizeof msg, "malformed request: %s\n", why);
		respond_text(fd, 400, "Bad Request", "", msg);
	}
	else if (strcmp(r.method, "GET") != 0)
		respond_text(fd, 405, "Method Not Allowed", "Allow: GET\r\n", "only GET\n");
	else if (strcmp(r.path, "/metrics") != 0)
		respond_text(fd, 404, "Not Found", "", "only /metrics\n");
	else
		serve_metrics(fd, root);
}

static void finish(int fd)
{
	long long deadline = ns_now_ms() + DRAIN_MS;

	if (shutdown(fd, SHUT_WR) == 0)
		while (wait_fd(fd, POLLIN, deadline) == 1 &&
		       recv(fd, req, sizeof req, MSG_DONTWAIT) > 0)
			;
	if (close(fd) != 0 && errno != EINTR)
		perror("nodemetrics: closing a connection");
}

/* ADDR (IPv4 or IPv6) and PORT into a listening socket. fd, or -1 after saying why. */
static int listen_on(const char *addr, const char *port_s)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	socklen_t sl;
	char *end;
	long port;
	int fd, one = 1;

	errno = 0;
	port = strtol(port_s, &end, 10);
	if (errno != 0 || end == port_s || *end != '\0' || port < 1 || port > 65535) {
		fprintf(stderr, "nodemetrics: --port %s: not a port number (1-65535)\n", port_s);
		return -1;
	}
	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		sl = sizeof *v4;
	} else if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		sl = sizeof *v6;
	} else {
		fprintf(stderr, "nodemetrics: --bind %s: not an IPv4 or IPv6 address\n", addr);
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("nodemetrics: socket");
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    (ss.ss_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0)) {
		fprintf(stderr, "nodemetrics: setsockopt on %s port %ld: %s\n", addr, port,
			strerror(errno));
		(void)close(fd);
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&ss, sl) != 0 || listen(fd, LISTEN_BACKLOG) != 0) {
		fprintf(stderr, "nodemetrics: listening on %s port %ld: %s\n", addr, port,
			strerror(errno));
		(void)close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *bind_addr = NULL, *port = NULL, *root = "/";
	char why[256];
	int a, lfd;

	for (a = 1; a + 1 < argc; a += 2) {
		if (strcmp(argv[a], "--bind") == 0 && bind_addr == NULL)
			bind_addr = argv[a + 1];
		else if (strcmp(argv[a], "--port") == 0 && port == NULL)
			port = argv[a + 1];
		else if (strcmp(argv[a], "--root") == 0 && argv[a + 1][0] != '\0')
			root = argv[a + 1];
		else
			break;
	}
	if (a != argc || bind_addr == NULL || port == NULL) {
		fprintf(stderr, "usage: nodemetrics --bind ADDR --port PORT [--root DIR]\n");
		return 100;
	}
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
		perror("nodemetrics: ignoring SIGPIPE");
		return 111;
	}
	lfd = listen_on(bind_addr, port);
	if (lfd < 0)
		return 111;
	if (geteuid() == 0) {
		if (metrics_privileges_drop(why, sizeof why) != 0) {
			fprintf(stderr, "nodemetrics: dropping privileges: %s\n", why);
			return 111;
		}
		ns_nft_child_hook = metrics_nft_ambient;
	}
	fprintf(stderr, "nodemetrics: serving /metrics on %s port %s\n", bind_addr, port);
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
				continue;
			/* EMFILE, ENOBUFS...: say so, breathe, go on; the server must outlive it */
			perror("nodemetrics: accept");
			(void)poll(NULL, 0, 100);
			continue;
		}
		serve(fd, root);
		finish(fd);
	}
}
