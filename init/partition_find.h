/* Finds a partition by GPT name (PARTNAME in /sys/class/block/<dev>/uevent), waiting for it. */
#ifndef NODE_PARTITION_FIND_H
#define NODE_PARTITION_FIND_H

#include <stddef.h>
#include "compiler.h"
#include "uevent.h"

#define PARTITION_POLL_MS 20
#define PARTITION_WAIT_MS 15000

struct blockdev {
	unsigned major, minor;
	char devname[UEVENT_DEVNAME_MAX + 1];
	char path[UEVENT_DEVNAME_MAX + 6];	/* "/dev/" + devname */
};

/*
 * Scans every PARTITION_POLL_MS, up to wait_ms, until exactly one partition named label exists
 * and its /dev node is there. Two partitions with the label is an error (we do not guess).
 * 0, or -1 with a reason in err listing what was seen.
 */
int partition_find(const char *label, int wait_ms, struct blockdev *out, char *err, size_t errcap) WUR;

#endif
