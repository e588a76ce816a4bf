/* Carries out the mount plan on the running system, skipping what is already mounted. */
#ifndef NODE_MOUNTS_APPLY_H
#define NODE_MOUNTS_APPLY_H

#include <stddef.h>
#include "compiler.h"

struct mounts_result {
	unsigned mounted;
	unsigned present;	/* already a mount point (stage 1 moved /dev /proc /sys here) */
	unsigned skipped;	/* condition not met (no EFI) */
};

/* 1 if path is a mount point (its device differs from its parent's), 0 if not, -1 with errno. */
int path_is_mountpoint(const char *path) WUR;

/* Mounts the plan entries whose MOUNT_AFTER_MODULES bit equals phase. 0, or -1 with err. */
int mounts_apply(unsigned phase, struct mounts_result *r, char *err, size_t errcap) WUR;

#endif
