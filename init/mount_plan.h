/* The stage 2 mount table (REFERENCE A.2.5), as data: ordering and flags are unit-tested. */
#ifndef NODE_MOUNT_PLAN_H
#define NODE_MOUNT_PLAN_H

#include <stddef.h>

enum {
	MOUNT_AFTER_MODULES = 1u << 0,	/* its filesystem may be a module: mount after loading them */
	MOUNT_IF_EFI = 1u << 1,		/* only when /sys/firmware/efi exists */
};

struct mount_spec {
	const char *source;
	const char *target;
	const char *fstype;
	unsigned long flags;	/* MS_* */
	const char *data;	/* filesystem options, or NULL */
	unsigned when;		/* MOUNT_* */
};

/* Entries in mount order: a parent before anything mounted below it. */
const struct mount_spec *mount_plan(size_t *count);

#endif
