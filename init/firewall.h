/* Stage 2's firewall step: load the ruleset and prove it is in force, before any interface. */
#ifndef NODE_FIREWALL_H
#define NODE_FIREWALL_H

#include <stddef.h>
#include "compiler.h"

#define FIREWALL_RULES "/etc/node/firewall.nft"
#define NFT_PATH "/usr/sbin/nft"

/*
 * nft -f FIREWALL_RULES, then nft list table inet node checked by firewall_check_listing().
 * 0, or -1 with what failed in err (nft's own first error line included).
 */
int firewall_up(char *err, size_t errcap) WUR;

#endif
