#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "http_url.h"

int http_path_check(const char *path, struct upd_error *err)
{
	size_t n = strnlen(path, HTTP_PATH_MAX + 1), i;

	if (n > HTTP_PATH_MAX)
		return upd_fail(err, UPD_ERR_BAD, "path is longer than %d bytes", HTTP_PATH_MAX);
	if (path[0] != '/')
		return upd_fail(err, UPD_ERR_BAD, "path does not start with '/'");
	for (i = 0; i < n; i++)
		if ((unsigned char)path[i] <= 0x20 || (unsigned char)path[i] >= 0x7f)
			return upd_fail(err, UPD_ERR_BAD, "path byte %zu is 0x%02x; only printable "
					"ASCII without spaces is sent (percent-encode the rest)",
					i + 1, (unsigned char)path[i]);
	return 0;
}

/* [v6] or v4: the literal into u->addr; *end just after it. */
static int host_parse(const char *s, size_t len, struct http_url *u, size_t *end,
		      struct upd_error *err)
{
	unsigned char bin[16];
	const char *close;
	size_t n;

	if (len > 0 && s[0] == '[') {
		close = memchr(s, ']', len);
		if (close == NULL)
			return upd_fail(err, UPD_ERR_BAD, "'[' without ']' around the IPv6 address");
		n = (size_t)(close - s - 1);
		if (memchr(s + 1, '%', n) != NULL)
			return upd_fail(err, UPD_ERR_BAD, "IPv6 zone identifiers ('%%') are not "
					"supported: use an address that needs no interface");
		if (n == 0 || n >= HTTP_ADDR_MAX)
			return upd_fail(err, UPD_ERR_BAD, "'%.*s' is not an IPv6 address",
					(int)(n < 64 ? n : 64), s + 1);
		memcpy(u->addr, s + 1, n);
		u->addr[n] = '\0';
		if (inet_pton(AF_INET6, u->addr, bin) != 1)
			return upd_fail(err, UPD_ERR_BAD, "'%s' is not an IPv6 address", u->addr);
		*end = n + 2;
		return 0;
	}
	for (n = 0; n < len && s[n] != ':'; n++)
		;
	if (n == 0)
		return upd_fail(err, UPD_ERR_BAD, "no host");
	if (n >= HTTP_ADDR_MAX)
		return upd_fail(err, UPD_ERR_BAD, "host '%.*s...' is not an IP address literal: the "
				"installer has no resolver", 32, s);
	memcpy(u->addr, s, n);
	u->addr[n] = '\0';
	if (inet_pton(AF_INET, u->addr, bin) != 1)
		return upd_fail(err, UPD_ERR_BAD, "host '%s' is not an IPv4 address literal (IPv6 "
				"goes in brackets): the installer has no resolver", u->addr);
	*end = n;
	return 0;
}

static int port_parse(const char *s, size_t len, uint16_t *port, struct upd_error *err)
{
	unsigned long v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return upd_fail(err, UPD_ERR_BAD, "port '%.*s' is not 1..65535", (int)len, s);
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return upd_fail(err, UPD_ERR_BAD, "port '%.*s' is not 1..65535", (int)len, s);
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return upd_fail(err, UPD_ERR_BAD, "port %lu is not 1..65535", v);
	*port = (uint16_t)v;
	return 0;
}

static int url_parse(const char *url, struct http_url *u, struct upd_error *err)
{
	size_t len = strnlen(url, HTTP_URL_MAX + 1), i, auth_len, host_end = 0;
	const char *auth, *slash, *colon;

	if (len > HTTP_URL_MAX)
		return upd_fail(err, UPD_ERR_BAD, "longer than %d bytes", HTTP_URL_MAX);
	for (i = 0; i < len; i++)
		if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f)
			return upd_fail(err, UPD_ERR_BAD, "byte %zu is 0x%02x; a URL is printable "
					"ASCII without spaces (percent-encode the rest)", i + 1,
					(unsigned char)url[i]);
	if (strncasecmp(url, "https://", 8) == 0)
		return upd_fail(err, UPD_ERR_BAD, "https is not supported: the bundle comes over "
				"the site's provisioning network in plain http, and its signature, "
				"not the transport, is what is trusted");
	if (strncasecmp(url, "http://", 7) != 0)
		return upd_fail(err, UPD_ERR_BAD, "not an http:// URL");
	auth = url + 7;
	slash = strchr(auth, '/');
	auth_len = slash != NULL ? (size_t)(slash - auth) : strlen(auth);
	if (memchr(auth, '@', auth_len) != NULL)
		return upd_fail(err, UPD_ERR_BAD, "user information ('...@') is not supported");
	if (memchr(auth, '?', auth_len) != NULL || memchr(auth, '#', auth_len) != NULL)
		return upd_fail(err, UPD_ERR_BAD, "a query or fragment without a path");
	if (host_parse(auth, auth_len, u, &host_end, err) < 0)
		return -1;
	colon = auth + host_end;
	u->port = HTTP_PORT_DEFAULT;
	if (host_end < auth_len) {
		if (*colon != ':')
			return upd_fail(err, UPD_ERR_BAD, "'%.*s' after the host is not ':PORT'",
					(int)(auth_len - host_end), colon);
		if (port_parse(colon + 1, auth_len - host_end - 1, &u->port, err) < 0)
			return -1;
	}
	if (slash == NULL) {
		strcpy(u->path, "/");   /* RFC 9110 4.2.1: an empty path is sent as "/" */
		return 0;
	}
	if (strchr(slash, '#') != NULL)
		return upd_fail(err, UPD_ERR_BAD, "a fragment ('#') has no meaning for a download");
	if (http_path_check(slash, err) < 0)
		return -1;
	strcpy(u->path, slash);
	return 0;
}

int http_url_parse(const char *url, struct http_url *u, struct upd_error *err)
{
	memset(u, 0, sizeof *u);
	if (url_parse(url, u, err) < 0) {
		/* the URL itself only when it is short and printable: it may be the culprit */
		size_t n = strnlen(url, 81), i;
		int shown = n <= 80;

		for (i = 0; i < n && shown; i++)
			shown = (unsigned char)url[i] >= 0x20 && (unsigned char)url[i] < 0x7f;
		upd_error_prefix(err, "URL %s%s%s: ", shown ? "'" : "", shown ? url : "(not shown)",
				 shown ? "'" : "");
		return -1;
	}
	return 0;
}
