/* Finding the node's partitions: by GPT partition label (PARTNAME= in the kernel's uevent of
 * each partition under /sys/class/block), restricted to the disk that holds the booted slot, so
 * that a USB stick carrying the same labels is never written. */
#ifndef NU_DISK_FIND_H
#define NU_DISK_FIND_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define SYS_BLOCK_DIR "/sys/class/block"
#define UEVENT_MAX 4096
#define BLOCK_NAME_MAX 64
#define PART_LABEL_MAX 72                 /* GPT: 36 UTF-16 units */
#define PART_LABEL_ESP "esp"
#define PART_LABEL_ROOT "root-"           /* + slot letter */
#define DISK_PARTS_MAX 128

struct uevent {
	char devname[BLOCK_NAME_MAX];
	char devtype[16];                 /* "disk" or "partition" */
	char partname[PART_LABEL_MAX + 1];
	unsigned partn;
	unsigned major, minor;
	int has_dev;
};

/* KEY=VALUE lines of a uevent file. Unknown keys are skipped; over-long values are errors.
 * 0, or -1 with err. */
int uevent_parse(const char *text, size_t len, struct uevent *u, struct upd_error *err) UPD_WUR;

/* SYS_BLOCK_DIR/name/uevent, parsed. 0, or -1 with err. */
int block_uevent_read(const char *name, struct uevent *u, struct upd_error *err) UPD_WUR;

/* The disk a partition belongs to: its sysfs parent directory's name. 0, or -1 with err. */
int block_parent_disk(const char *part, char *disk, size_t cap, struct upd_error *err) UPD_WUR;

struct block_part {
	char name[BLOCK_NAME_MAX];        /* "sda2", "loop0p3" */
	char dev[BLOCK_NAME_MAX + 8];     /* "/dev/sda2", checked to be that block device */
	char label[PART_LABEL_MAX + 1];
	unsigned partn;
};

struct node_disk {
	char disk[BLOCK_NAME_MAX];        /* "sda", "loop0" */
	struct block_part esp;
	struct block_part root[2];        /* root-a, root-b */
};

/* The GPT label of the partition the running root lives on (the dm-verity device's slave, or
 * the root device itself), e.g. "root-b". 1 with label, 0 when / is on no labelled partition. */
int root_partition_label(char *label, size_t cap);

/* disk: a device path ("/dev/loop0") that overrides the search, or NULL: the disk whose
 * partition labelled root-<booted> holds the running root (the dm-verity device's slave), or
 * the only disk with such a partition. Then esp, root-a and root-b must each be on that disk
 * exactly once. 0, or -1 with err. */
int node_disk_find(const char *disk, char booted, struct node_disk *d,
		   struct upd_error *err) UPD_WUR;

#endif
