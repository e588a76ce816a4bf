/* The installer's network (PXE): one NIC up with a DHCP lease from the provisioning network,
 * for as long as the fetch takes, then down again. */
#ifndef NODE_INSTALL_NET_H
#define NODE_INSTALL_NET_H

#include <stddef.h>
#include "compiler.h"

#define INSTALL_NIC_WAIT_MS 15000	/* for the NIC driver to bind */
#define INSTALL_IFNAME_MAX 16
#define INSTALL_MAC_MAX 18		/* "52-54-00-12-34-56" */

struct install_nic {
	char name[INSTALL_IFNAME_MAX];
	char mac[INSTALL_MAC_MAX];	/* lowercase, '-' separated: the per-node config's name */
};

/*
 * Waits for Ethernet interfaces, then tries each in name order: link up, BusyBox udhcpc (a few
 * discovers) with node-dhcp-event applying the lease. The first that gets a lease wins.
 * 0 with *nic, or -1 with a reason in err naming every interface tried.
 */
int install_net_up(struct install_nic *nic, char *err, size_t errcap) WUR;

/* Flushes the NIC's addresses and takes it down. 0, or -1 with a reason in err. */
int install_net_down(const struct install_nic *nic, char *err, size_t errcap) WUR;

#endif
