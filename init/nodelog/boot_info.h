/*
 * What booted, as nodelog reads it at start: the host name, IMAGE_VERSION from /etc/os-release
 * (init/os_release.c), the kernel's boot_id, and the slot and trial state init wrote to
 * /run/node (init/README.md, "What it writes").
 */
#ifndef NODELOG_BOOT_INFO_H
#define NODELOG_BOOT_INFO_H

#include <stddef.h>

#include "log_store.h"

#define BOOT_INFO_OS_RELEASE "/etc/os-release"
#define BOOT_INFO_BOOT_ID "/proc/sys/kernel/random/boot_id"
#define BOOT_INFO_SLOT "/run/node/booted-slot"
#define BOOT_INFO_TRIAL "/run/node/trial"

/*
 * 0 with *info, or -1 with why when the boot_id cannot be read (without it a restart cannot
 * tell this boot from the last). A missing version, slot or trial state is "unknown".
 */
int boot_info_read(struct log_boot_info *info, char *why, size_t whycap) __attribute__((warn_unused_result));

#endif
