/* The whole disks a node has, as the installer sees them before it picks one to overwrite:
 * each disk of <sys>/class/block (partitions skipped) with its size, sector size, whether it is
 * removable or on a USB bus, its serial, whether it is a kind of device never installed on
 * (loop, RAM, device-mapper, RAID, optical, eMMC boot areas), and whether it or one of its
 * partitions is mounted (<mountinfo>) or held by another device (holders/). The roots are
 * parameters so that a test can build a fake tree. */
#ifndef NU_DISK_SCAN_H
#define NU_DISK_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "disk_find.h"
#include "upd_attr.h"
#include "upd_error.h"

#define DISKS_MAX 128
#define DISK_SERIAL_MAX 128
#define DISK_MOUNTS_MAX 1024
#define DISK_BUSY_MAX 160
#define DISK_WHY_MAX 192

struct disk_env {
	const char *sys;                  /* "/sys" */
	const char *dev;                  /* "/dev" */
	const char *mountinfo;            /* "/proc/self/mountinfo" */
};

struct disk_info {
	char name[BLOCK_NAME_MAX];
	unsigned major, minor;
	uint64_t bytes;                   /* 0: empty (a card reader without a card) or unknown */
	unsigned sector_bytes;            /* logical sector size, 0 when sysfs does not say */
	int removable, usb;
	char serial[DISK_SERIAL_MAX + 1]; /* "" when the disk reports none */
	const char *never;                /* "a loop device", ...: never a target; NULL */
	int not_disk;                     /* named by --not-disk (itself or a partition) */
	char busy[DISK_BUSY_MAX];         /* "partition vda1 is mounted", ...; "" when unused */
	char why[DISK_WHY_MAX];           /* set by disk_choose: why it was not taken */
};

struct disk_list {
	unsigned n;
	struct disk_info d[DISKS_MAX];    /* sorted by name */
};

/* Fills l from env. not_disks: kernel names of disks (or partitions) never to take (the
 * installer's own medium). 0, or -1 with err (an unreadable directory or mount table, more
 * than DISKS_MAX disks or DISK_MOUNTS_MAX mounts). */
int disk_scan(const struct disk_env *env, const char *const *not_disks, unsigned n_not,
	      struct disk_list *l, struct upd_error *err) UPD_WUR;

/* <dev>/<name> into path, checked to be the block device major:minor sysfs names (no stale or
 * planted node). 0, or -1 with err. */
int disk_node(const struct disk_env *env, const struct disk_info *d, char *path, size_t cap,
	      struct upd_error *err) UPD_WUR;

#endif
