/*
 * Removable media for `nodeupdate watch --media ROOT`: every block device on a USB bus or marked
 * removable (a stick, whole or each of its partitions) is mounted read-only, nosuid, nodev,
 * noexec under ROOT/<name>, so watch can look for bundles there; a device that goes away is
 * detached. The node's own disk is never touched, whatever it looks like.
 */
#ifndef NU_MEDIA_H
#define NU_MEDIA_H

#include <sys/types.h>

#include "disk_find.h"
#include "fs_util.h"

#define MEDIA_MAX 8

struct media_mount {
	char name[BLOCK_NAME_MAX];   /* "sda1"; "" when the entry is free */
	char path[NU_PATH_MAX];      /* ROOT/sda1 */
	dev_t devt;                  /* a new stick under an old name is a new medium */
	int mounted;                 /* 0: mounting failed; not tried again while it stays */
	int seen;                    /* found by the current refresh */
};

struct media_set {
	const char *root;
	const char *own_disk;        /* "vda": the node's disk, never mounted here */
	struct media_mount m[MEDIA_MAX];
};

/*
 * Mounts media that appeared and detaches media that went, reporting each change on stdout
 * and each problem on stderr (once per medium). Never fails: removable media come and go.
 */
void media_refresh(struct media_set *s);

#endif
