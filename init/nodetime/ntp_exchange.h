/* One request to one time server and the wait for its reply: the only network code nodetime has. */
#ifndef NODETIME_NTP_EXCHANGE_H
#define NODETIME_NTP_EXCHANGE_H

#include <stddef.h>
#include <sys/socket.h>

#include "clock_policy.h"

struct ntp_server {
	char name[64];			/* the address as site.conf wrote it */
	struct sockaddr_storage addr;	/* port 123 */
	socklen_t addrlen;
	int denied;			/* it sent kiss-o'-death DENY or RSTR: not asked again */
};

/* Parses an IPv4 or IPv6 literal (no names: nodetime has no resolver to trust). 0 or -1. */
int ntp_server_parse(const char *text, struct ntp_server *s);

enum exchange_result { EXCHANGE_OK, EXCHANGE_NONE, EXCHANGE_KISS };

/*
 * Sends one request from a fresh socket connected to the server (the kernel then passes up
 * datagrams from server:123 only) and waits up to timeout_ms for a reply that passes
 * ntp_reply_check; replies that fail it are ignored and the last reason kept in why. On
 * EXCHANGE_KISS, why holds the kiss code.
 */
enum exchange_result ntp_exchange(const struct ntp_server *s, int timeout_ms,
				  struct ntp_sample *out, char *why, size_t whycap);

#endif
