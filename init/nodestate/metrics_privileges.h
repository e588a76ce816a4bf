/*
 * What nodemetrics keeps after binding its socket, and why (it answers anyone on the site network
 * who can reach its port, so a bug in it must be worth as little as possible):
 *   - uid/gid nobody (65534), no supplementary groups, no_new_privs, every other capability gone
 *     from the bounding set;
 *   - CAP_DAC_READ_SEARCH, effective: the update agent's state directory /var/lib/nodeupdate is
 *     root's, mode 0700; everything else it reads is world-readable;
 *   - CAP_NET_ADMIN, permitted and inheritable but NOT effective in nodemetrics itself: nft needs
 *     it to read the ruleset over netlink (nfnetlink checks CAP_NET_ADMIN even for a listing), so
 *     the child that runs nft raises it as an ambient capability just before exec
 *     (metrics_nft_ambient). The server process never holds it in its effective set.
 * A port below 1024 needs CAP_NET_BIND_SERVICE only for bind(), which comes before the drop.
 */
#ifndef NODESTATE_METRICS_PRIVILEGES_H
#define NODESTATE_METRICS_PRIVILEGES_H

#include <stddef.h>

/* 0, or -1 with why. Only as root. */
int metrics_privileges_drop(char *why, size_t whycap) __attribute__((warn_unused_result));

/* In nft's child: CAP_NET_ADMIN into the ambient set (exits 126 if it cannot). */
void metrics_nft_ambient(void);

#endif
