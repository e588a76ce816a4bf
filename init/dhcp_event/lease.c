/* udhcpc's script environment, checked (lease.h). */
#include "lease.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Dotted quad to host order. 0, or -1 if it is not exactly four decimal octets. */
static int ipv4_parse(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	unsigned octets = 0, cur = 0, digits = 0;
	size_t i;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (digits == 0 || cur > 255 || ++octets > 4)
				return -1;
			v = v << 8 | cur;
			cur = 0;
			digits = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || ++digits > 3)
			return -1;
		cur = cur * 10 + (unsigned)(s[i] - '0');
	}
	if (octets != 4)
		return -1;
	*out = v;
	return 0;
}

static int copy_addr(char *dst, const char *s, size_t n, uint32_t *v)
{
	if (n > LEASE_ADDR_MAX || ipv4_parse(s, n, v) != 0)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

int lease_read_env(const char *event, const char *iface, const char *ip, const char *subnet,
		   const char *router, const char *lease, struct dhcp_lease *l, char *why,
		   size_t whycap)
{
	static const struct {
		const char *name;
		enum lease_event ev;
	} events[] = { { "deconfig", LEASE_DECONFIG }, { "bound", LEASE_BOUND },
		       { "renew", LEASE_RENEW }, { "leasefail", LEASE_LEASEFAIL },
		       { "nak", LEASE_NAK } };
	uint32_t a, m, r;
	size_t i, n;

	memset(l, 0, sizeof *l);
	for (i = 0; i < sizeof events / sizeof events[0]; i++)
		if (event != NULL && strcmp(event, events[i].name) == 0)
			break;
	if (i == sizeof events / sizeof events[0]) {
		snprintf(why, whycap, "unknown event");
		return -1;
	}
	l->event = events[i].ev;
	n = iface != NULL ? strlen(iface) : 0;
	if (n == 0 || n > LEASE_IFACE_MAX || strspn(iface, "abcdefghijklmnopqrstuvwxyz0123456789") != n) {
		snprintf(why, whycap, "interface name missing or not [a-z0-9]{1,15}");
		return -1;
	}
	memcpy(l->iface, iface, n + 1);
	if (l->event != LEASE_BOUND && l->event != LEASE_RENEW)
		return 0;
	if (ip == NULL || copy_addr(l->ip, ip, strlen(ip), &a) != 0) {
		snprintf(why, whycap, "the leased address is missing or not an IPv4 address");
		return -1;
	}
	if (a == 0 || a >> 24 == 127 || a >> 28 >= 14) {
		snprintf(why, whycap, "the leased address %s is not a unicast host address", l->ip);
		return -1;
	}
	if (subnet == NULL || strlen(subnet) > LEASE_ADDR_MAX ||
	    ipv4_parse(subnet, strlen(subnet), &m) != 0 || (m != 0 && (~m & (~m + 1)) != 0)) {
		snprintf(why, whycap, "the netmask is missing or not contiguous");
		return -1;
	}
	for (l->prefix = 0; l->prefix < 32 && (m & (0x80000000u >> l->prefix)); l->prefix++)
		;
	if (l->prefix < 8 || l->prefix > 30) {
		snprintf(why, whycap, "netmask /%u: a lease between /8 and /30 is expected", l->prefix);
		return -1;
	}
	if (router != NULL && router[0] != '\0') {
		n = strcspn(router, " ");	/* udhcpc lists routers separated by blanks */
		if (copy_addr(l->router, router, n, &r) != 0) {
			snprintf(why, whycap, "the router is not an IPv4 address");
			return -1;
		}
		if ((r & m) != (a & m) || r == a) {
			snprintf(why, whycap, "the router %s is not another host of %s/%u", l->router,
				 l->ip, l->prefix);
			return -1;
		}
	}
	if (lease != NULL && lease[0] != '\0') {
		unsigned long v = 0;

		for (i = 0; lease[i] != '\0'; i++) {
			if (lease[i] < '0' || lease[i] > '9' || i >= 10) {
				snprintf(why, whycap, "the lease time is not a number of seconds");
				return -1;
			}
			v = v * 10 + (unsigned long)(lease[i] - '0');
		}
		l->lease_s = v;
	}
	return 0;
}
