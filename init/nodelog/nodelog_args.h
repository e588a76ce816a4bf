/*
 * nodelog's command line:
 *
 *   nodelog --dir DIR --size SIZE [--user UID:GID] [--forward udp|tcp ADDRESS PORT]
 *           [--ready-fd N] [--kmsg PATH]
 *
 * Pure: checks every value, and says which one is wrong and why.
 */
#ifndef NODELOG_ARGS_H
#define NODELOG_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "log_forward.h"

#define NODELOG_USER_DEFAULT 101	/* the image's user and group "log" */
#define NODELOG_KMSG_DEFAULT "/dev/kmsg"

struct nodelog_args {
	const char *dir;
	uint64_t size;
	uid_t uid;
	gid_t gid;
	int forward;
	enum log_forward_proto proto;
	const char *addr, *port;
	int ready_fd;		/* -1 without --ready-fd */
	const char *kmsg;
};

/* 0 with *a, or -1 with why (the caller exits 100). */
int nodelog_args_parse(int argc, char **argv, struct nodelog_args *a, char *why, size_t whycap)
	__attribute__((warn_unused_result));

#endif
