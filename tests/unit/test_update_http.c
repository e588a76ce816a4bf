/* Fetching a bundle over HTTP: the response head parser (good heads, every malformed shape, the
 * limits, heads arriving a byte at a time), the URL parser, the request we send, and http_get
 * against a real server on 127.0.0.1: a child of this process that accepts one connection,
 * checks the request byte for byte and plays one canned response. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "http_get.h"
#include "http_response.h"
#include "http_url.h"

static struct http_response resp;
static struct http_url url;
static struct upd_error err;

static ssize_t parse(const char *head)
{
	memset(&err, 0, sizeof err);
	return http_response_parse(head, strlen(head), &resp, &err);
}

/* ---- the response head -------------------------------------------------------------------- */

static void good_head_is_parsed_and_its_length_returned(void)
{
	static const char h[] = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 1234\r\n"
				"Connection: keep-alive, Close\r\n\r\n";
	char buf[256];

	snprintf(buf, sizeof buf, "%sBODY BYTES\r\n\r\n", h);
	CHECK_INT(parse(buf), strlen(h));
	CHECK_INT(resp.version, 11);
	CHECK_INT(resp.status, 200);
	CHECK_STR(resp.reason, "OK");
	CHECK(resp.has_length);
	CHECK_INT(resp.length, 1234);
	CHECK(resp.connection_close);
	CHECK(!resp.has_transfer_encoding);
	CHECK_INT(resp.headers, 3);
}

static void http_10_with_empty_reason_is_taken(void)
{
	CHECK_INT(parse("HTTP/1.0 404\r\n\r\n"), 16);
	CHECK_INT(resp.version, 10);
	CHECK_INT(resp.status, 404);
	CHECK_STR(resp.reason, "");
	CHECK(!resp.has_length);
	CHECK_INT(parse("HTTP/1.0 503 \r\n\r\n"), 17);
	CHECK_STR(resp.reason, "");
	CHECK_INT(parse("HTTP/1.1 301 Moved\tPermanently\r\nLocation:  /x/y \r\n\r\n") > 0, 1);
	CHECK_STR(resp.reason, "Moved\tPermanently");
	CHECK_STR(resp.location, "/x/y");
}

static void header_names_are_case_insensitive(void)
{
	CHECK(parse("HTTP/1.1 200 OK\r\ncontent-LENGTH:\t42 \t\r\ntransfer-encoding: chunked\r\n"
		    "CONNECTION: close\r\n\r\n") > 0);
	CHECK(resp.has_length);
	CHECK_INT(resp.length, 42);
	CHECK(resp.has_transfer_encoding);
	CHECK_STR(resp.transfer_encoding, "chunked");
	CHECK(resp.connection_close);
	CHECK(parse("HTTP/1.1 200 OK\r\nConnection: closed, keep-alive\r\n\r\n") > 0);
	CHECK(!resp.connection_close);
}

static void content_length_is_strict_decimal(void)
{
	static const char *const bad[] = { "+5", "-1", "5 5", "0x10", "", "5,5", "5, 5", "1e3",
					   "9223372036854775808", "99999999999999999999999" };
	char buf[128];
	size_t i;

	CHECK(parse("HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\n") > 0);
	CHECK_INT(resp.length, 9223372036854775807LL);
	CHECK(parse("HTTP/1.1 200 OK\r\nContent-Length: 007\r\n\r\n") > 0);
	CHECK_INT(resp.length, 7);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(buf, sizeof buf, "HTTP/1.1 200 OK\r\nContent-Length: %s\r\n\r\n", bad[i]);
		CHECK_INT(parse(buf), -1);
		CHECK_CONTAINS(err.msg, "line 2: ");
		CHECK_CONTAINS(err.msg, "Content-Length");
	}
	CHECK_INT(parse("HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775808\r\n\r\n"), -1);
	CHECK_CONTAINS(err.msg, "larger than 2^63-1");
}

static void duplicate_content_length_must_agree(void)
{
	CHECK(parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n") > 0);
	CHECK_INT(resp.length, 5);
	CHECK_INT(parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length: 6\r\n\r\n"), -1);
	CHECK_CONTAINS(err.msg, "line 3: a second Content-Length (6) differs from the first (5)");
	CHECK_INT(parse("HTTP/1.1 301 X\r\nLocation: /a\r\nLocation: /a\r\n\r\n"), -1);
	CHECK_CONTAINS(err.msg, "line 3: a second Location");
}

/* Each malformed shape, with the line and the reason in the message. */
static void malformed_heads_are_refused_naming_the_line(void)
{
	static const struct { const char *head, *why; } cases[] = {
		{ "HTTP/1.1 200 OK\r\nX-A: a\x01" "b\r\n\r\n", "line 2: byte 7 is 0x01" },
		{ "HTTP/1.1 200 OK\r\nX-A: a\x1b[2Jb\r\n\r\n", "line 2: byte 7 is 0x1b" },
		{ "HTTP/1.1 200 OK\r\nX-A: a\x7f\r\n\r\n", "line 2: byte 7 is 0x7f" },
		{ "HTTP/1.1 200 O\xc3\xa9\r\n\r\n", "line 1: byte 15 is 0xc3" },
		{ "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n", "line 2: byte 7 is 0x0d" },
		{ "HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\n\r\n", "line 3 ( b): starts with whitespace" },
		{ "HTTP/1.1 200 OK\r\nX-A: a\r\n\tb\r\n\r\n", "line 3 (\tb): starts with whitespace" },
		{ "HTTP/1.1 200 OK\r\nX-A a\r\n\r\n", "line 2 (X-A a): no colon" },
		{ "HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\n",
		  "line 2 (Content-Length ): whitespace before the colon" },
		{ "HTTP/1.1 200 OK\r\nContent-Length\t: 5\r\n\r\n", "whitespace before the colon" },
		{ "HTTP/1.1 200 OK\r\n: 5\r\n\r\n", "line 2: empty header name" },
		{ "HTTP/1.1 200 OK\r\nX(A): 5\r\n\r\n", "line 2 (X(A)): header name has '('" },
		{ "HTTP/1.1 200 OK\nContent-Length: 5\n\n", "line 1: ends in a bare LF, not CRLF" },
		{ "HTTP/1.1 200 OK\r\nX-A: a\n\r\n", "line 2: ends in a bare LF" },
		{ "HTTP/1.1 200 OK\r\n\n", "line 2: ends in a bare LF" },
		{ "HTTP/2 200 OK\r\n\r\n", "line 1 (HTTP/2 200 OK): not HTTP/1.0 or HTTP/1.1" },
		{ "HTTP/1.2 200 OK\r\n\r\n", "not HTTP/1.0 or HTTP/1.1" },
		{ "ICY 200 OK\r\n\r\n", "line 1 (ICY 200 OK): not an HTTP status line" },
		{ "\r\n\r\n", "line 1 (): not an HTTP status line" },
		{ "HTTP/1.1 20 OK\r\n\r\n", "status is not three digits 100..599" },
		{ "HTTP/1.1 600 X\r\n\r\n", "status is not three digits" },
		{ "HTTP/1.1 099 X\r\n\r\n", "status is not three digits" },
		{ "HTTP/1.1 200OK\r\n\r\n", "status is not three digits" },
		{ "HTTP/1.1 2000 OK\r\n\r\n", "status is not three digits" },
		{ "HTTP/1.1  200 OK\r\n\r\n", "status is not three digits" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(parse(cases[i].head), -1);
		CHECK_CONTAINS(err.msg, cases[i].why);
	}
	/* a NUL is a control byte too (strlen would stop at it: explicit length) */
	CHECK_INT(http_response_parse("HTTP/1.1 200 OK\r\nX: \0\r\n\r\n", 25, &resp, &err), -1);
	CHECK_CONTAINS(err.msg, "line 2: byte 4 is 0x00");
}

static char big[3 * HTTP_HEAD_MAX];

/* A head of exactly n bytes: the status line, header lines "X: ppp" of at most 1000 bytes each,
 * the empty line. */
static size_t head_of(size_t n)
{
	size_t len = (size_t)snprintf(big, sizeof big, "HTTP/1.1 200 OK\r\n");

	for (;;) {
		size_t left = n - len - 2, line = left > 1000 + 5 ? 1000 : left;

		memcpy(big + len, "X: ", 3);
		memset(big + len + 3, 'p', line - 5);
		memcpy(big + len + line - 2, "\r\n", 2);
		len += line;
		if (line == left)
			break;
	}
	memcpy(big + len, "\r\n", 2);
	return len + 2;
}

static void limits_on_head_lines_and_headers_hold(void)
{
	char buf[16384];
	size_t len, i;

	CHECK_INT(http_response_parse(big, head_of(HTTP_HEAD_MAX), &resp, &err), HTTP_HEAD_MAX);
	CHECK_INT(http_response_parse(big, head_of(HTTP_HEAD_MAX + 1), &resp, &err), -1);
	CHECK_CONTAINS(err.msg, "head: longer than 8192 bytes");
	/* a line of 1024 bytes is taken, 1025 is not; and without its LF as soon as it is longer */
	len = (size_t)snprintf(buf, sizeof buf, "HTTP/1.1 200 OK\r\nX: ");
	memset(buf + len, 'v', 1024 - 3);
	memcpy(buf + len + 1021, "\r\n\r\n", 5);
	CHECK(parse(buf) > 0);
	memmove(buf + len + 1, buf + len, 1021 + 5);
	CHECK_INT(parse(buf), -1);
	CHECK_CONTAINS(err.msg, "line 2: longer than 1024 bytes");
	/* len is after "X: ": line 2 so far is 3 + k bytes */
	CHECK_INT(http_response_parse(buf, len + 1021, &resp, &err), 0);
	CHECK_INT(http_response_parse(buf, len + 1022, &resp, &err), 0);   /* could be 1024 + CR */
	CHECK_INT(http_response_parse(buf, len + 1023, &resp, &err), -1);
	CHECK_CONTAINS(err.msg, "line 2: longer than 1024 bytes");
	/* 64 header lines, then 65 */
	len = (size_t)snprintf(buf, sizeof buf, "HTTP/1.1 200 OK\r\n");
	for (i = 0; i < 64; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "X-%zu: v\r\n", i);
	snprintf(buf + len, sizeof buf - len, "\r\n");
	CHECK(parse(buf) > 0);
	CHECK_INT(resp.headers, 64);
	snprintf(buf + len, sizeof buf - len, "X-64: v\r\n\r\n");
	CHECK_INT(parse(buf), -1);
	CHECK_CONTAINS(err.msg, "line 66: more than 64 header lines");
}

/* Fed as it arrives, one byte more each time: "more" until the head is whole, never an error. */
static void head_split_across_reads_needs_more_until_complete(void)
{
	static const char *const heads[] = {
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
		"HTTP/1.0 404 Not Found\r\n\r\n",
	};
	size_t h, k, end;

	for (h = 0; h < 2; h++) {
		const char *s = heads[h];

		end = (size_t)(strstr(s, "\r\n\r\n") - s) + 4;
		for (k = 0; k < end; k++)
			CHECK_INT(http_response_parse(s, k, &resp, &err), 0);
		for (; k <= strlen(s); k++)
			CHECK_INT(http_response_parse(s, k, &resp, &err), end);
	}
	/* a malformed line is refused as soon as it is complete, not only at the end */
	CHECK_INT(http_response_parse("HTTP/1.1 200 OK\r\nBad line\r\n", 27, &resp, &err), -1);
	CHECK_INT(http_response_parse("HTTP/1.1 200 OK\r\nBad line\r", 26, &resp, &err), 0);
}

/* ---- the URL ------------------------------------------------------------------------------ */

static void urls_with_ip_literals_parse(void)
{
	CHECK(http_url_parse("http://10.0.2.100:8080/x/node.bundle", &url, &err) == 0);
	CHECK_STR(url.addr, "10.0.2.100");
	CHECK_INT(url.port, 8080);
	CHECK_STR(url.path, "/x/node.bundle");
	CHECK(http_url_parse("http://10.0.2.100/node.bundle?v=2&x=%20", &url, &err) == 0);
	CHECK_INT(url.port, 80);
	CHECK_STR(url.path, "/node.bundle?v=2&x=%20");
	CHECK(http_url_parse("http://[fd00::1]:8080/node.bundle", &url, &err) == 0);
	CHECK_STR(url.addr, "fd00::1");
	CHECK_INT(url.port, 8080);
	CHECK(http_url_parse("HTTP://[::ffff:10.0.2.1]", &url, &err) == 0);
	CHECK_STR(url.addr, "::ffff:10.0.2.1");
	CHECK_STR(url.path, "/");
	CHECK(http_url_parse("http://10.0.2.100:65535", &url, &err) == 0);
	CHECK_INT(url.port, 65535);
}

static void urls_outside_what_the_installer_can_fetch_are_refused(void)
{
	static const struct { const char *url, *why; } cases[] = {
		{ "https://10.0.2.100/node.bundle", "https is not supported" },
		{ "ftp://10.0.2.100/node.bundle", "not an http:// URL" },
		{ "10.0.2.100/node.bundle", "not an http:// URL" },
		{ "http://user:pw@10.0.2.100/x", "user information ('...@') is not supported" },
		{ "http://bundles.example/x", "host 'bundles.example' is not an IPv4 address literal" },
		{ "http://10.0.2/x", "host '10.0.2' is not an IPv4" },
		{ "http://300.0.2.1/x", "host '300.0.2.1' is not an IPv4" },
		{ "http://fd00::1/x", "host 'fd00' is not an IPv4" },
		{ "http://[fe80::1%25eth0]/x", "IPv6 zone identifiers" },
		{ "http://[fd00::g]/x", "'fd00::g' is not an IPv6 address" },
		{ "http://[fd00::1/x", "'[' without ']'" },
		{ "http://[fd00::1]x/", "'x' after the host is not ':PORT'" },
		{ "http://10.0.2.100:0/x", "port 0 is not 1..65535" },
		{ "http://10.0.2.100:65536/x", "port 65536 is not 1..65535" },
		{ "http://10.0.2.100:80a/x", "port '80a' is not 1..65535" },
		{ "http://10.0.2.100:/x", "port '' is not 1..65535" },
		{ "http://10.0.2.100:123456/x", "port '123456'" },
		{ "http:///x", "no host" },
		{ "http://10.0.2.100/a b", "byte 20 is 0x20; a URL is printable ASCII without spaces" },
		{ "http://10.0.2.100/x?q=a b", "URL 'http://10.0.2.100/x?q=a b': byte 24 is 0x20" },
		{ "http://10.0.2.100/x\x7f", "URL (not shown): byte 20 is 0x7f" },
		{ "http://10.0.2.100/x#part", "a fragment ('#')" },
		{ "http://10.0.2.100?x", "a query or fragment without a path" },
	};
	char longurl[HTTP_URL_MAX + 16];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK(http_url_parse(cases[i].url, &url, &err) < 0);
		CHECK_CONTAINS(err.msg, cases[i].why);
		CHECK_CONTAINS(err.msg, "URL ");
	}
	snprintf(longurl, sizeof longurl, "http://10.0.2.100/%01030d", 0);
	CHECK(http_url_parse(longurl, &url, &err) < 0);
	CHECK_CONTAINS(err.msg, "path is longer than 1024 bytes");
	CHECK_CONTAINS(err.msg, "URL (not shown)");
}

static void request_is_a_plain_get_with_host_and_port(void)
{
	struct http_request rq = { "10.0.2.100", 8080, "/x/node.bundle", 5, 5, NULL };
	char buf[HTTP_REQUEST_MAX];
	int n;

	n = http_request_format(&rq, buf, sizeof buf, &err);
	CHECK_STR(buf, "GET /x/node.bundle HTTP/1.1\r\nHost: 10.0.2.100:8080\r\nUser-Agent: "
		  "nodeupdate\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n");
	CHECK_INT(n, strlen(buf));
	rq.addr = "fd00::1";
	rq.port = 80;
	CHECK(http_request_format(&rq, buf, sizeof buf, &err) > 0);
	CHECK_CONTAINS(buf, "\r\nHost: [fd00::1]:80\r\n");
	CHECK(http_request_format(&rq, buf, 64, &err) < 0);
	CHECK_CONTAINS(err.msg, "request is longer than 64 bytes");
	rq.addr = "server.example";
	CHECK(http_request_format(&rq, buf, sizeof buf, &err) < 0);
	CHECK_CONTAINS(err.msg, "address 'server.example' is not an IPv4 or IPv6 literal");
	rq.addr = "10.0.2.100";
	rq.path = "x";
	CHECK(http_request_format(&rq, buf, sizeof buf, &err) < 0);
	CHECK_CONTAINS(err.msg, "path does not start with '/'");
	rq.path = "/a b";
	CHECK(http_request_format(&rq, buf, sizeof buf, &err) < 0);
	CHECK_CONTAINS(err.msg, "path byte 3 is 0x20");
}

/* ---- http_get against a server in a child process ----------------------------------------- */

static int listen_fd;
static uint16_t port;
static char want_request[512];
static char url_prefix[64];

struct sink {
	uint8_t data[256 * 1024];
	uint64_t got, length;
	unsigned calls;
	int bad_offset;
	uint64_t refuse_after;            /* 0: never */
};

static struct sink sink;

static int sink_chunk(void *ctx, uint64_t offset, uint64_t length, const uint8_t *buf, size_t len,
		      struct upd_error *e)
{
	struct sink *s = ctx;

	if (offset != s->got || len == 0 || offset + len > sizeof s->data)
		s->bad_offset = 1;
	else
		memcpy(s->data + offset, buf, len);
	s->got += len;
	s->length = length;
	s->calls++;
	if (s->refuse_after != 0 && s->got >= s->refuse_after)
		return upd_fail(e, UPD_ERR_BAD, "bundle: the sink says no at %llu",
				(unsigned long long)s->got);
	return 0;
}

static void put(int fd, const void *p, size_t n)
{
	/* errors are not the child's to report: the client may well have hung up */
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p = (const uint8_t *)p + w;
		n -= (size_t)w;
	}
}

static void puts_(int fd, const char *s)
{
	put(fd, s, strlen(s));
}

static void pause_ms(unsigned ms)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

/* A body whose bytes all differ from their neighbours' positions: a misplaced chunk shows. */
static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 8) * 13 + (i >> 16));
}

enum { SERVE_OK, SERVE_ODD_CHUNKS, SERVE_SHORT, SERVE_404, SERVE_CHUNKED, SERVE_301,
       SERVE_SILENT, SERVE_LONGER, SERVE_NO_LENGTH, SERVE_KEPT_OPEN, SERVE_CLOSE_AT_ONCE,
       SERVE_BARE_LF, SERVE_EMPTY, SERVE_BIG };

#define BIG_LEN 200000

static void respond(int fd, int how)
{
	static uint8_t body[BIG_LEN];
	static const size_t cuts[] = { 1, 7, 4093, 2, 65536, 3, 11 };
	size_t i, off;

	for (i = 0; i < sizeof body; i++)
		body[i] = pattern(i);
	switch (how) {
	case SERVE_OK:
		puts_(fd, "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
		      "hello world");
		break;
	case SERVE_ODD_CHUNKS:
		/* the head cut inside a line and inside the CRLF CRLF, the body in odd pieces */
		puts_(fd, "HTT");
		pause_ms(20);
		puts_(fd, "P/1.1 200 OK\r\nContent-Le");
		pause_ms(20);
		puts_(fd, "ngth: 100000\r\n\r");
		pause_ms(20);
		put(fd, "\n", 1);
		off = 0;
		for (i = 0; off < 100000; i++) {
			size_t n = cuts[i % 7] < 100000 - off ? cuts[i % 7] : 100000 - off;

			pause_ms(10);
			put(fd, body + off, n);
			off += n;
		}
		break;
	case SERVE_SHORT:
		puts_(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
		put(fd, body, 40);
		break;
	case SERVE_404:
		puts_(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
		break;
	case SERVE_CHUNKED:
		puts_(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
		break;
	case SERVE_301:
		puts_(fd, "HTTP/1.1 301 Moved Permanently\r\nLocation: http://10.0.2.100/other.bundle\r\n"
		      "Content-Length: 0\r\n\r\n");
		break;
	case SERVE_SILENT:
		pause_ms(10000);
		break;
	case SERVE_LONGER:
		puts_(fd, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello world");
		break;
	case SERVE_NO_LENGTH:
		puts_(fd, "HTTP/1.0 200 OK\r\n\r\nhello");
		break;
	case SERVE_KEPT_OPEN:
		puts_(fd, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
		pause_ms(10000);
		break;
	case SERVE_CLOSE_AT_ONCE:
		break;
	case SERVE_BARE_LF:
		puts_(fd, "HTTP/1.1 200 OK\nContent-Length: 5\n\nhello");
		break;
	case SERVE_EMPTY:
		puts_(fd, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
		break;
	case SERVE_BIG:
		puts_(fd, "HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n");
		put(fd, body, sizeof body);
		break;
	}
}

/* The child: one connection, the request must be exactly want_request (exit 3 if not). */
static void serve_child(int how)
{
	char req[1024];
	size_t got = 0;
	int fd, one = 1;

	alarm(20);                        /* never outlive a broken test */
	fd = accept(listen_fd, NULL, NULL);
	if (fd < 0)
		_exit(4);
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
		_exit(4);
	while (got < sizeof req - 1 && (got < 4 || memcmp(req + got - 4, "\r\n\r\n", 4) != 0)) {
		ssize_t n = recv(fd, req + got, sizeof req - 1 - got, 0);

		if (n <= 0)
			_exit(4);
		got += (size_t)n;
	}
	req[got] = '\0';
	if (strcmp(req, want_request) != 0)
		_exit(3);
	respond(fd, how);
	close(fd);
	_exit(0);
}

static pid_t serve(int how)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		serve_child(how);
	return pid;
}

/* The child's exit status: 0 if it saw the right request and played its part. */
static int served(pid_t pid, int kill_it)
{
	int status;

	if (kill_it)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (kill_it)
		return WIFSIGNALED(status) ? 0 : -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static unsigned last_status;

static int get(uint16_t p, unsigned read_timeout, uint64_t *total)
{
	struct http_request rq = { "127.0.0.1", p, "/node.bundle", 2, read_timeout, &last_status };
	struct http_body body = { &sink, sink_chunk };
	uint64_t refuse = sink.refuse_after;

	memset(&sink, 0, sizeof sink);
	sink.refuse_after = refuse;
	memset(&err, 0, sizeof err);
	return http_get(&rq, &body, total, &err);
}

static const char *with_url(const char *rest)
{
	static char buf[256];

	snprintf(buf, sizeof buf, "%s%s", url_prefix, rest);
	return buf;
}

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void get_200_delivers_the_body(void)
{
	pid_t pid = serve(SERVE_OK);
	uint64_t total = 99;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), 0);
	CHECK_INT(served(pid, 0), 0);
	CHECK_INT(last_status, 200);
	CHECK_INT(total, 11);
	CHECK_INT(sink.got, 11);
	CHECK_INT(sink.length, 11);
	CHECK(!sink.bad_offset);
	CHECK(memcmp(sink.data, "hello world", 11) == 0);
}

static void get_takes_head_and_body_in_odd_pieces(void)
{
	pid_t pid = serve(SERVE_ODD_CHUNKS);
	uint64_t total = 0;
	size_t i;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), 0);
	CHECK_INT(served(pid, 0), 0);
	CHECK_INT(total, 100000);
	CHECK(!sink.bad_offset);
	CHECK(sink.calls > 5);
	for (i = 0; i < 100000; i++)
		CHECK_INT(sink.data[i], pattern(i));
}

static void get_streams_a_body_larger_than_its_buffer(void)
{
	pid_t pid = serve(SERVE_BIG);
	uint64_t total = 0;
	size_t i;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), 0);
	CHECK_INT(served(pid, 0), 0);
	CHECK_INT(total, BIG_LEN);
	CHECK(!sink.bad_offset);
	for (i = 0; i < BIG_LEN; i++)
		CHECK_INT(sink.data[i], pattern(i));
}

static void get_of_an_empty_body_delivers_nothing(void)
{
	pid_t pid = serve(SERVE_EMPTY);
	uint64_t total = 99;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), 0);
	CHECK_INT(served(pid, 0), 0);
	CHECK_INT(total, 0);
	CHECK_INT(sink.calls, 0);
}

static void short_body_says_how_much_came(void)
{
	pid_t pid = serve(SERVE_SHORT);
	uint64_t total;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), -1);
	CHECK_INT(served(pid, 0), 0);
	CHECK_STR(err.msg, with_url("connection closed after 40 of 100 bytes"));
	CHECK_INT(err.kind, UPD_ERR_SYS);
	CHECK_INT(total, 40);
}

static void longer_body_than_announced_is_refused(void)
{
	pid_t pid = serve(SERVE_LONGER);
	uint64_t total;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), -1);
	CHECK_INT(served(pid, 0), 0);
	CHECK_STR(err.msg, with_url("the server sent more than the Content-Length of 5 bytes"));
}

static void status_404_is_named_with_its_reason(void)
{
	pid_t pid = serve(SERVE_404);
	uint64_t total;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), -1);
	CHECK_INT(served(pid, 0), 0);
	CHECK_STR(err.msg, with_url("404 Not Found"));
	CHECK_INT(last_status, 404);
	CHECK_INT(sink.calls, 0);
}

static void chunked_response_is_refused(void)
{
	pid_t pid = serve(SERVE_CHUNKED);
	uint64_t total;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), -1);
	CHECK_INT(served(pid, 0), 0);
	CHECK_STR(err.msg, with_url("Transfer-Encoding 'chunked' is not supported: the bundle "
				    "server must send the file with a Content-Length"));
	CHECK_INT(sink.calls, 0);
}

static void redirect_is_refused_naming_the_location(void)
{
	pid_t pid = serve(SERVE_301);
	uint64_t total;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), -1);
	CHECK_INT(served(pid, 0), 0);
	CHECK_STR(err.msg, with_url("301 Moved Permanently, to http://10.0.2.100/other.bundle: "
				    "redirects are not followed (give the installer the final URL)"));
}

static void response_without_content_length_is_refused(void)
{
	pid_t pid = serve(SERVE_NO_LENGTH);
	uint64_t total;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), -1);
	CHECK_INT(served(pid, 0), 0);
	CHECK_STR(err.msg, with_url("no Content-Length: the bundle server must send one"));
}

static void malformed_response_head_is_refused(void)
{
	pid_t pid = serve(SERVE_BARE_LF);
	uint64_t total;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), -1);
	CHECK_INT(served(pid, 0), 0);
	CHECK_STR(err.msg, with_url("response line 1: ends in a bare LF, not CRLF"));
}

static void silent_server_times_out(void)
{
	struct timespec t0;
	pid_t pid = serve(SERVE_SILENT);
	uint64_t total;
	double s;

	CHECK(pid > 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_INT(get(port, 1, &total), -1);
	s = since(&t0);
	CHECK_INT(served(pid, 1), 0);
	CHECK_STR(err.msg, with_url("waiting for the response: nothing received for 1 s"));
	CHECK(s >= 0.99 && s < 3);
}

/* Connection: close was asked for; a server that keeps the connection open after the body
 * could still be sending: not taken as complete. */
static void server_keeping_the_connection_open_is_an_error(void)
{
	pid_t pid = serve(SERVE_KEPT_OPEN);
	uint64_t total;

	CHECK(pid > 0);
	CHECK_INT(get(port, 1, &total), -1);
	CHECK_INT(served(pid, 1), 0);
	CHECK_STR(err.msg, with_url("waiting for the server to close after the body: nothing "
				    "received for 1 s"));
	CHECK_INT(total, 5);
}

static void server_closing_at_once_is_an_error(void)
{
	pid_t pid = serve(SERVE_CLOSE_AT_ONCE);
	uint64_t total;

	CHECK(pid > 0);
	CHECK_INT(get(port, 5, &total), -1);
	CHECK_INT(served(pid, 0), 0);
	CHECK_STR(err.msg, with_url("the server closed the connection without a response"));
}

static void sink_refusal_stops_the_transfer(void)
{
	pid_t pid = serve(SERVE_BIG);
	uint64_t total;

	CHECK(pid > 0);
	sink.refuse_after = 1;
	CHECK_INT(get(port, 5, &total), -1);
	sink.refuse_after = 0;
	CHECK_INT(served(pid, 0), 0);
	CHECK_CONTAINS(err.msg, with_url("bundle: the sink says no at "));
	CHECK_INT(err.kind, UPD_ERR_BAD);
	CHECK_INT(sink.calls, 1);
}

static void closed_port_is_connection_refused(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	uint64_t total;
	char want[128];
	int fd;

	/* a port that was just free: bound, never listened on */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(fd >= 0);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
	CHECK(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
	CHECK_INT(get(ntohs(a.sin_port), 5, &total), -1);
	close(fd);
	snprintf(want, sizeof want, "http://127.0.0.1:%u/node.bundle: connect: Connection refused",
		 (unsigned)ntohs(a.sin_port));
	CHECK_STR(err.msg, want);
	CHECK_INT(err.kind, UPD_ERR_SYS);
}

/* A listener whose accept queue is full drops new SYNs: the connect gets no answer. */
static void unanswered_connect_times_out(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	struct timespec t0;
	uint64_t total;
	char want[128];
	int fd, fill[3], i;
	double s;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(fd >= 0);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
	CHECK(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
	CHECK(listen(fd, 0) == 0);
	for (i = 0; i < 3; i++) {
		fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		CHECK(fill[i] >= 0);
		CHECK(connect(fill[i], (struct sockaddr *)&a, sizeof a) == 0 || errno == EINPROGRESS);
		pause_ms(50);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_INT(get(ntohs(a.sin_port), 5, &total), -1);    /* connect timeout: 2 s */
	s = since(&t0);
	for (i = 0; i < 3; i++)
		close(fill[i]);
	close(fd);
	snprintf(want, sizeof want, "http://127.0.0.1:%u/node.bundle: connect: no answer within 2 s",
		 (unsigned)ntohs(a.sin_port));
	CHECK_STR(err.msg, want);
	CHECK(s >= 1.99 && s < 4);
}

static void bad_requests_are_refused_before_connecting(void)
{
	struct http_request rq = { "127.0.0.1", 1, "/x", 0, 5, NULL };
	struct http_body body = { &sink, sink_chunk };
	uint64_t total;

	CHECK_INT(http_get(&rq, &body, &total, &err), -1);
	CHECK_STR(err.msg, "http://127.0.0.1:1/x: timeouts 0 s and 5 s: each must be 1..3600 s");
	rq.connect_timeout = 5;
	rq.addr = "localhost";
	CHECK_INT(http_get(&rq, &body, &total, &err), -1);
	CHECK_STR(err.msg, "http request: address 'localhost' is not an IPv4 or IPv6 literal "
		  "(there is no resolver)");
	rq.addr = "127.0.0.1";
	rq.path = "/x\ty";
	CHECK_INT(http_get(&rq, &body, &total, &err), -1);
	CHECK_STR(err.msg, "http request: path byte 3 is 0x09; only printable ASCII without spaces "
		  "is sent (percent-encode the rest)");
	rq.path = NULL;
	CHECK_INT(http_get(&rq, &body, &total, &err), -1);
	CHECK_STR(err.msg, "http request: no path");
	rq.path = "/x";
	rq.port = 0;
	CHECK_INT(http_get(&rq, &body, &total, &err), -1);
	CHECK_STR(err.msg, "http request: port 0");
	CHECK_INT(sink.calls, 0);
}

static int server_setup(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    getsockname(listen_fd, (struct sockaddr *)&a, &len) < 0 || listen(listen_fd, 8) < 0) {
		perror("test_update_http: listening socket on 127.0.0.1");
		return -1;
	}
	port = ntohs(a.sin_port);
	snprintf(want_request, sizeof want_request, "GET /node.bundle HTTP/1.1\r\nHost: "
		 "127.0.0.1:%u\r\nUser-Agent: nodeupdate\r\nAccept-Encoding: identity\r\n"
		 "Connection: close\r\n\r\n", (unsigned)port);
	snprintf(url_prefix, sizeof url_prefix, "http://127.0.0.1:%u/node.bundle: ", (unsigned)port);
	return 0;
}

int main(void)
{
	RUN(good_head_is_parsed_and_its_length_returned);
	RUN(http_10_with_empty_reason_is_taken);
	RUN(header_names_are_case_insensitive);
	RUN(content_length_is_strict_decimal);
	RUN(duplicate_content_length_must_agree);
	RUN(malformed_heads_are_refused_naming_the_line);
	RUN(limits_on_head_lines_and_headers_hold);
	RUN(head_split_across_reads_needs_more_until_complete);
	RUN(urls_with_ip_literals_parse);
	RUN(urls_outside_what_the_installer_can_fetch_are_refused);
	RUN(request_is_a_plain_get_with_host_and_port);
	if (server_setup() < 0)
		return 1;
	RUN(get_200_delivers_the_body);
	RUN(get_takes_head_and_body_in_odd_pieces);
	RUN(get_streams_a_body_larger_than_its_buffer);
	RUN(get_of_an_empty_body_delivers_nothing);
	RUN(short_body_says_how_much_came);
	RUN(longer_body_than_announced_is_refused);
	RUN(status_404_is_named_with_its_reason);
	RUN(chunked_response_is_refused);
	RUN(redirect_is_refused_naming_the_location);
	RUN(response_without_content_length_is_refused);
	RUN(malformed_response_head_is_refused);
	RUN(silent_server_times_out);
	RUN(server_keeping_the_connection_open_is_an_error);
	RUN(server_closing_at_once_is_an_error);
	RUN(sink_refusal_stops_the_transfer);
	RUN(closed_port_is_connection_refused);
	RUN(unanswered_connect_times_out);
	RUN(bad_requests_are_refused_before_connecting);
	close(listen_fd);
	return check_done();
}
