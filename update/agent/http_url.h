/* The bundle's URL on the provisioning network: http://ADDRESS[:PORT]/PATH with an IPv4
 * literal or an IPv6 literal in brackets. Nothing else: the installer has no resolver (so no
 * host names), no TLS (the bundle's signature is what is trusted, not the transport), and no
 * credentials to send. */
#ifndef NU_HTTP_URL_H
#define NU_HTTP_URL_H

#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define HTTP_ADDR_MAX 46                  /* INET6_ADDRSTRLEN: the longest literal + NUL */
#define HTTP_PATH_MAX 1024                /* path and query, as sent in the request line */
#define HTTP_URL_MAX (7 + 2 + HTTP_ADDR_MAX + 6 + HTTP_PATH_MAX)
#define HTTP_PORT_DEFAULT 80

struct http_url {
	char addr[HTTP_ADDR_MAX];         /* the literal, without brackets: "fd00::1" */
	uint16_t port;
	char path[HTTP_PATH_MAX + 1];     /* "/" when the URL has none */
};

/* "http://10.0.2.100:8080/x/node.bundle", "http://[fd00::1]/node.bundle". Refused with the
 * reason: another scheme (https: too), user information, a host name, an IPv6 zone, a port
 * outside 1..65535, a fragment, any byte that is not printable ASCII (a space included), a path
 * longer than HTTP_PATH_MAX. 0, or -1 with err. */
int http_url_parse(const char *url, struct http_url *u, struct upd_error *err) UPD_WUR;

/* What http_get sends as the request target: starts with '/', printable ASCII, no space, at
 * most HTTP_PATH_MAX bytes. 0, or -1 with err. */
int http_path_check(const char *path, struct upd_error *err) UPD_WUR;

#endif
