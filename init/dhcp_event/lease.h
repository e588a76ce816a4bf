/*
 * What udhcpc hands its script, checked: the event, the interface, the address, the netmask,
 * the first router and the lease time. A pure function with explicit bounds (unit-tested).
 */
#ifndef NODE_DHCP_LEASE_H
#define NODE_DHCP_LEASE_H

#include <stddef.h>

#define LEASE_IFACE_MAX 15
#define LEASE_ADDR_MAX 15	/* dotted IPv4 */

enum lease_event { LEASE_DECONFIG, LEASE_BOUND, LEASE_RENEW, LEASE_LEASEFAIL, LEASE_NAK };

struct dhcp_lease {
	enum lease_event event;
	char iface[LEASE_IFACE_MAX + 1];
	char ip[LEASE_ADDR_MAX + 1];		/* bound and renew only */
	unsigned prefix;			/* from the netmask */
	char router[LEASE_ADDR_MAX + 1];	/* "" when the lease names none */
	unsigned long lease_s;
};

/*
 * Checks udhcpc's values (any may be NULL when unset). For bound and renew, ip and subnet are
 * required: a unicast address, a contiguous netmask, the router (first of a blank-separated
 * list) in the leased network. 0, or -1 with a reason in why.
 */
int lease_read_env(const char *event, const char *iface, const char *ip, const char *subnet,
		   const char *router, const char *lease, struct dhcp_lease *l, char *why,
		   size_t whycap);

#endif
