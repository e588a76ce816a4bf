/*
 * The network part of /etc/node/site.conf (the rest is image/render-firewall.sh's): interfaces
 * with static addresses or DHCP, resolvers, time servers. A pure parser with explicit bounds;
 * the file comes from the verity-checked root, but a site writes it by hand.
 */
#ifndef NODE_SITE_CONF_H
#define NODE_SITE_CONF_H

#include <stddef.h>
#include "compiler.h"

#define SITE_CONF_FILE "/etc/node/site.conf"
#define SITE_CONF_MAX (16 * 1024)
#define SITE_IFACES_MAX 4
#define SITE_SERVERS_MAX 4
#define SITE_IFNAME_MAX 15	/* IFNAMSIZ - 1 */
#define SITE_ADDR_MAX 50	/* an IPv6 address with /128 */

struct site_iface {
	char name[SITE_IFNAME_MAX + 1];
	int dhcp;
	char addr4[SITE_ADDR_MAX];	/* "10.0.2.15/24", "" for none */
	char gw4[SITE_ADDR_MAX];
	char addr6[SITE_ADDR_MAX];
	char gw6[SITE_ADDR_MAX];
	int diode;	/* the data diode's side: receive only (site.conf "diode-iface NAME") */
};

struct site_conf {
	struct site_iface iface[SITE_IFACES_MAX];
	unsigned ifaces;
	char dns[SITE_SERVERS_MAX][SITE_ADDR_MAX];
	unsigned dns_count;
	char ntp[SITE_SERVERS_MAX][SITE_ADDR_MAX];
	unsigned ntp_count;
};

/*
 * 0, or -1 with "line N: why" in err. Keys other than iface, diode-iface, dns and ntp are
 * skipped. The diode interface must have a static IPv4 address and nothing else (no DHCP, IPv6
 * or gateway): it never sends.
 */
int site_conf_parse(const char *buf, size_t len, struct site_conf *c, char *err,
		    size_t errcap) WUR;

#endif
