/* Pure parser for a sysfs block device's uevent file (KEY=VALUE lines). */
#ifndef NODE_UEVENT_H
#define NODE_UEVENT_H

#include <stddef.h>
#include "cmdline.h"
#include "compiler.h"

#define UEVENT_DEVNAME_MAX 63

struct uevent_info {
	unsigned major, minor;
	char devname[UEVENT_DEVNAME_MAX + 1];
	char partname[CMDLINE_LABEL_MAX + 1];
	int has_partname;	/* 0 when absent or too long to be one of our labels */
};

/* 0 when MAJOR, MINOR and a safe DEVNAME (no "..", not absolute) are present, else -1. */
int uevent_parse(const char *buf, size_t len, struct uevent_info *u) WUR;

#endif
