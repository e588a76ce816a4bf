/* nodemetrics' request parser: what it accepts, what it refuses, and its bound. */
#include <stdlib.h>

#include "check.h"
#include "http_request.h"

static struct http_request r;
static char why[128];

static enum http_parse parse(const char *s)
{
	return http_request_parse(s, strlen(s), &r, why, sizeof why);
}

static void a_prometheus_scrape_is_accepted(void)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\nHost: 10.0.2.15:9100\r\n"
				  "User-Agent: Prometheus/2.42.0\r\nAccept: text/plain;version=0.0.4\r\n"
				  "X-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n";

	CHECK_INT(parse(req), HTTP_OK);
	CHECK_STR(r.method, "GET");
	CHECK_STR(r.path, "/metrics");
	CHECK_INT(r.head_len, strlen(req));
}

static void query_is_not_part_of_the_path_and_lf_lines_are_accepted(void)
{
	CHECK_INT(parse("GET /metrics?x=1 HTTP/1.0\n\n"), HTTP_OK);
	CHECK_STR(r.path, "/metrics");
}

static void other_methods_parse_for_a_405(void)
{
	CHECK_INT(parse("POST /metrics HTTP/1.1\r\nHost: a\r\n\r\n"), HTTP_OK);
	CHECK_STR(r.method, "POST");
}

static void every_prefix_of_a_good_request_wants_more(void)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n";
	size_t n;

	for (n = 0; n < sizeof req - 1; n++)
		CHECK_INT(http_request_parse(req, n, &r, why, sizeof why), HTTP_MORE);
}

static void malformed_requests_are_bad(void)
{
	static const char *const bad[] = {
		"\r\n\r\n",
		"GET\r\n\r\n",
		"GET /metrics\r\n\r\n",
		"GET  /metrics HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET metrics HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /metrics HTTP/2.0\r\nHost: a\r\n\r\n",
		"GET /metrics HTTP/1.1 \r\nHost: a\r\n\r\n",
		"G(T /metrics HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /metrics HTTP/1.1\r\n\r\n",			/* 1.1 without Host */
		"GET /metrics HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"GET /metrics HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
		"GET /metrics HTTP/1.1\r\nHost a\r\n\r\n",
		"GET /metrics HTTP/1.1\r\nHo st: a\r\n\r\n",
		"GET /metrics HTTP/1.1\r\nHost: a\rb\r\n\r\n",
		"GET /met\x01rics HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /metrics HTTP/1.1\r\nHost: a\x7f\r\n\r\n",
		"AVERYLONGMETHODNAME /metrics HTTP/1.1\r\nHost: a\r\n\r\n",
	};
	unsigned i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse(bad[i]) != HTTP_BAD) {
			snprintf(check_why, sizeof check_why, "case %u was not refused", i);
			return;
		}
		CHECK(why[0] != '\0');
	}
}

static void garbage_is_refused_before_the_line_ends(void)
{
	static const char nul[] = "GET /\0";

	CHECK_INT(http_request_parse(nul, sizeof nul - 1, &r, why, sizeof why), HTTP_BAD);
	CHECK_INT(parse("\x16\x03\x01\x02"), HTTP_BAD);	/* a TLS ClientHello */
}

static void a_head_longer_than_8_KiB_is_bad_and_never_read_past(void)
{
	size_t n = HTTP_REQUEST_MAX + 100, pre;
	char *b = malloc(n);

	CHECK(b != NULL);
	pre = (size_t)snprintf(b, n, "GET /metrics HTTP/1.1\r\nHost: a\r\nX: ");
	memset(b + pre, 'x', n - pre);
	CHECK_INT(http_request_parse(b, HTTP_REQUEST_MAX - 1, &r, why, sizeof why), HTTP_MORE);
	CHECK_INT(http_request_parse(b, HTTP_REQUEST_MAX, &r, why, sizeof why), HTTP_BAD);
	CHECK_CONTAINS(why, "8192");
	/* a head that ends just past the bound is still refused: the bound is the bound */
	memcpy(b + HTTP_REQUEST_MAX - 2, "\r\n\r\n", 4);
	CHECK_INT(http_request_parse(b, HTTP_REQUEST_MAX + 2, &r, why, sizeof why), HTTP_BAD);
	memcpy(b + HTTP_REQUEST_MAX - 4, "\r\n\r\n", 4);
	CHECK_INT(http_request_parse(b, HTTP_REQUEST_MAX, &r, why, sizeof why), HTTP_OK);
	CHECK_INT(r.head_len, HTTP_REQUEST_MAX);
	free(b);
}

static void a_long_target_is_bad(void)
{
	char b[2048];

	snprintf(b, sizeof b, "GET /%01100d HTTP/1.1\r\nHost: a\r\n\r\n", 0);
	CHECK_INT(parse(b), HTTP_BAD);
	CHECK_CONTAINS(why, "too long");
}

int main(void)
{
	RUN(a_prometheus_scrape_is_accepted);
	RUN(query_is_not_part_of_the_path_and_lf_lines_are_accepted);
	RUN(other_methods_parse_for_a_405);
	RUN(every_prefix_of_a_good_request_wants_more);
	RUN(malformed_requests_are_bad);
	RUN(garbage_is_refused_before_the_line_ends);
	RUN(a_head_longer_than_8_KiB_is_bad_and_never_read_past);
	RUN(a_long_target_is_bad);
	return check_done();
}
