/* The new node's data file system (what init mounts on /var): made the way init makes it on a
 * first boot (mke2fs -q -t ext4 -L data -E lazy_itable_init=0), then seeded with what the node
 * cannot make itself and an installed node has (image/build-disk.sh, init/secrets.c):
 *
 *   lib/                 0755
 *   lib/node/            0700
 *   lib/node/node.key    0600  "node-key <64 hex>\n": opens the image's sealed secrets
 *   lib/node/hostname    0644  "<hostname>\n"
 *   lib/nodeupdate/state 0600  the update agent's state (STATE_DIR_DEFAULT under /var): the
 *                              anti-rollback floor at the installed version, and the install
 *
 * Every file and directory is fsynced before the file system is unmounted. */
#ifndef NU_DATA_FS_H
#define NU_DATA_FS_H

#include "provision_conf.h"
#include "state_file.h"
#include "upd_attr.h"
#include "upd_error.h"

#define MKE2FS_PATH "/sbin/mke2fs"
#define DATA_MOUNT_DEFAULT "/run/nodeupdate/data"
#define DATA_MOUNT_ROOT "/var"            /* where the node mounts it (init/data_mount.h) */

/* dev: the data partition; mountpoint: where to mount it meanwhile (created if needed).
 * 0, or -1 with err. */
int data_fs_make(const char *dev, const char *mountpoint, const struct provision_conf *c,
		 const struct agent_state *st, struct upd_error *err) UPD_WUR;

#endif
