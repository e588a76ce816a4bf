/* The node's partition table, the one image/build-disk.sh writes for the development disk, with
 * fresh random disk and partition GUIDs for each installed node:
 *
 *   1 esp     128 MiB   EFI System
 *   2 root-a  512 MiB   Linux root (x86-64)
 *   3 root-b  512 MiB   Linux root (x86-64)
 *   4 data    the rest, at least 256 MiB   Linux variable data (/var)
 *
 * and its writing onto a disk that was found blank or wiped. */
#ifndef NU_NODE_LAYOUT_H
#define NU_NODE_LAYOUT_H

#include <stdint.h>

#include "gpt_layout.h"
#include "upd_attr.h"
#include "upd_error.h"

#define NODE_PARTS 4
#define NODE_PART_ESP 0
#define NODE_PART_ROOT_A 1
#define NODE_PART_ROOT_B 2
#define NODE_PART_DATA 3
#define NODE_DATA_MIN_BYTES (256ull << 20)

struct node_part_def {
	const char *label;
	const char *type_guid;
	uint64_t bytes;                   /* GPT_SIZE_REST: the rest of the disk */
};

extern const struct node_part_def node_parts[NODE_PARTS];

struct node_layout {
	char disk_guid[GPT_GUID_TEXT + 1];
	char part_guid[NODE_PARTS][GPT_GUID_TEXT + 1];
	struct gpt_image img;
};

/* The smallest disk the installer takes: the layout with its data partition at least
 * NODE_DATA_MIN_BYTES, rounded up to whole MiB: 1410 MiB (the development disk's size). */
uint64_t node_layout_min_bytes(void);

/* The layout for a disk of disk_bytes with fresh random (version 4) GUIDs. 0, or -1 with err. */
int node_layout_make(uint64_t disk_bytes, struct node_layout *l, struct upd_error *err) UPD_WUR;

/* The size of partition i in bytes. */
uint64_t node_layout_part_bytes(const struct node_layout *l, unsigned i);

/* Writes the layout to the disk fd: first the first MiB of every partition is zeroed (no stale
 * file system signature survives under a new partition), then the backup table, the primary
 * table and the protective MBR; then fsync. 0, or -1 with err. */
int node_layout_write(int fd, const struct node_layout *l, struct upd_error *err) UPD_WUR;

#endif
