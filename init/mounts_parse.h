/* Pure parser for /proc/self/mounts, and the shutdown rule of what to leave mounted. */
#ifndef NODE_MOUNTS_PARSE_H
#define NODE_MOUNTS_PARSE_H

#include <stddef.h>
#include "compiler.h"

#define MOUNTS_MAX 256

struct mount_entry {
	char *dir;	/* octal escapes (\040 for space) decoded */
	char *fstype;
};

/*
 * Splits buf in place (fields get NUL-terminated, so buf must have room for len + 1 bytes) into
 * at most cap entries, in file order.
 * 0, or -1 if a line is malformed or there are more than cap entries.
 */
int mounts_parse(char *buf, size_t len, struct mount_entry *out, size_t cap, size_t *count) WUR;

/* 1 for what shutdown leaves alone: /, /proc, /sys, /dev and any devtmpfs, proc, sysfs. */
int umount_should_skip(const char *dir, const char *fstype);

#endif
