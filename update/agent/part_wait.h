/* After a new partition table is written: the kernel told to read it (BLKRRPART), then a wait,
 * bounded, until every partition is there as the table says (sysfs: its number and GPT label)
 * and /dev has its node (devtmpfs creates it; no udev in the installer). */
#ifndef NU_PART_WAIT_H
#define NU_PART_WAIT_H

#include <stddef.h>

#include "disk_find.h"
#include "disk_scan.h"
#include "upd_attr.h"
#include "upd_error.h"

#define PART_WAIT_MS 10000
#define REREAD_TRIES 50                   /* BLKRRPART busy: 100 ms apart */

/* BLKRRPART on the disk at path, retried while the kernel reports it busy. 0, or -1 with err. */
int disk_reread(const char *path, struct upd_error *err) UPD_WUR;

/* The kernel's name of partition partn of disk: sda1, but nvme0n1p1, mmcblk0p1, loop0p1 (a
 * disk name that ends in a digit takes a 'p'). -1 with err if it does not fit cap. */
int part_name(const char *disk, unsigned partn, char *out, size_t cap, struct upd_error *err) UPD_WUR;

/* Waits up to timeout_ms until partitions 1..n of disk exist with labels[i] and their nodes in
 * env->dev are the block devices sysfs names; fills parts. 0, or -1 with err naming the first
 * partition that is not there (or not as expected) and why. */
int parts_wait(const struct disk_env *env, const char *disk, const char *const *labels,
	       unsigned n, unsigned timeout_ms, struct block_part *parts,
	       struct upd_error *err) UPD_WUR;

#endif
