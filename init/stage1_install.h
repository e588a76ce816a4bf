/* Stage 1 in installer mode (node.install= on the command line): the installer's files from USB
 * media or the provisioning server, the bundle verified, its root mapped, stage 2 told to install. */
#ifndef NODE_STAGE1_INSTALL_H
#define NODE_STAGE1_INSTALL_H

#include "cmdline.h"

#define INSTALL_MODULES "/etc/modules-install"
#define INSTALL_MNT "/install"			/* a RAM disk; /mnt on the new root */
#define INSTALL_MEDIA_MNT "/installer-media"	/* the USB stick, while its files are copied */
#define INSTALL_DIR INSTALL_MNT "/install"	/* provision.conf(.minisig), node.bundle */

/* Mounts the installer's root on newroot and fills argv for its /sbin/init. Fatal errors panic
 * (the node halts with the reason on the console: an installer never reboots into a loop). */
void stage1_install(const struct node_cmdline *c, const char *newroot, const char *init,
		    char *argv[]);

#endif
