/* Stage 2 in installer mode: `nodeupdate provision` onto the target disk, then a reboot into the
 * installed node; on failure the node halts with the reason on the console. */
#ifndef NODE_STAGE2_INSTALL_H
#define NODE_STAGE2_INSTALL_H

#define INSTALL_NODEUPDATE "/usr/sbin/nodeupdate"
#define INSTALL_FILES "/mnt/install"	/* where stage 1 put the installer's media or RAM disk */

/* media_disk: the disk the installer came from (never a target), or "-" for the network. */
_Noreturn void stage2_install(int sfd, const char *media_disk);

#endif
