/* Stage 2's network step: the interfaces, routes and resolvers of site.conf, nothing else. */
#ifndef NODE_NETCONF_H
#define NODE_NETCONF_H

#include <stddef.h>
#include "compiler.h"
#include "site_conf.h"

#define IP_PATH "/usr/sbin/ip"
#define RESOLV_CONF "/run/node/resolv.conf"	/* /etc/resolv.conf links here */
#define RESOLV_CONF_TMP "/run/node/.resolv.conf.tmp"

/*
 * IPv6 autoconfiguration off everywhere first (router advertisements, SLAAC); IPv6 disabled on
 * an interface without a static6 line, so it sends nothing at all. Then lo, then each interface
 * up with its addresses and default routes, then the resolvers. summary gets one line for the
 * console. 0, or -1 with what failed in err (interfaces done before it stay configured).
 */
int netconf_apply(const struct site_conf *c, char *summary, size_t sumcap, char *err,
		  size_t errcap) WUR;

#endif
