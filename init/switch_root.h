/* Leaves the initramfs for the real root (REFERENCE A.2.6): rootfs can't be pivoted, only emptied. */
#ifndef NODE_SWITCH_ROOT_H
#define NODE_SWITCH_ROOT_H

#include <stddef.h>
#include "compiler.h"

/*
 * Checks newroot is a mount point, we are PID 1, /init is a regular file and "/" is ramfs/tmpfs;
 * moves /dev /proc /sys under newroot (unmounting any that cannot move); deletes the initramfs
 * without crossing devices; moves newroot onto "/", chroots and execs argv[0] with argv. Returns only
 * on failure (-1, reason in err).
 */
int switch_root(const char *newroot, char *const argv[], char *err, size_t errcap) WUR;

#endif
