/* Creates the read-only dm-verity device "root" with device-mapper ioctls (no dmsetup, no udev). */
#ifndef NODE_DM_VERITY_H
#define NODE_DM_VERITY_H

#include <stddef.h>
#include "cmdline.h"
#include "compiler.h"

#define DM_ROOT_NAME "root"
#define DM_ROOT_NODE "/dev/mapper/root"

/*
 * DM_DEV_CREATE "root" (read-only), DM_TABLE_LOAD one verity target over major:minor (data and
 * hash on the same partition), DM_DEV_SUSPEND to resume it, then mknod DM_ROOT_NODE from the
 * returned dev_t. 0, or -1 with a reason in err.
 */
int dm_verity_create(const struct node_verity *v, unsigned major, unsigned minor, char *err,
		     size_t errcap) WUR;

/* The same with the data and the hash tree on two devices (the installer's loop devices over
 * the bundle's root.img member, whose tree comes first). */
int dm_verity_create_split(const struct node_verity *v, unsigned data_major, unsigned data_minor,
			   unsigned hash_major, unsigned hash_minor, char *err, size_t errcap) WUR;

#endif
