/* Which disk the installer overwrites, from the disks disk_scan saw and provision.conf's disk
 * line. Pure, so that every rule and refusal is tested from a list:
 *
 *   first-non-removable  the first disk by name that may be a target and is neither removable
 *                        nor on a USB bus
 *   serial S             the one disk whose serial is S (two: refused, never a guess)
 *   name N               the disk the kernel calls N
 *
 * A disk may be a target unless it is a kind never installed on (loop, RAM, device-mapper, RAID,
 * optical, eMMC boot areas), named by --not-disk, empty, mounted or held (itself or a partition),
 * of a logical sector size other than 512, or smaller than the layout. */
#ifndef NU_DISK_CHOOSE_H
#define NU_DISK_CHOOSE_H

#include <stddef.h>
#include <stdint.h>

#include "disk_scan.h"
#include "provision_conf.h"
#include "upd_attr.h"
#include "upd_error.h"

/* Sets every disk's why (empty for the one taken) and *chosen. 0, or -1 with err
 * (UPD_ERR_POLICY): no disk fits the rule, two disks have the serial, or the named or serial
 * disk may not be a target. */
int disk_choose(struct disk_list *l, enum provision_disk_rule rule, const char *arg,
		uint64_t min_bytes, unsigned *chosen, struct upd_error *err) UPD_WUR;

/* One line about a disk for the console: `vda: 20 GiB, not removable, not on USB, serial
 * "S7XNJ0K"`. Returns out. */
const char *disk_describe(const struct disk_info *d, char *out, size_t cap);

#endif
