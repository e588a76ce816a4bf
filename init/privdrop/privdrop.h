/*
 * Becoming an unprivileged user with a few capabilities kept: what nodetime and nodemetrics do
 * after their set-up as root, since both parse input from the network, and nodelog (its own user,
 * so nothing else running as nobody can touch the logs). Afterwards the process runs as that
 * uid/gid with no supplementary groups, no_new_privs set, and every capability outside
 * `permitted` gone from its bounding set for good.
 */
#ifndef NODE_PRIVDROP_H
#define NODE_PRIVDROP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PRIVDROP_NOBODY 65534
#define PRIVDROP_CAP(c) ((uint32_t)1 << (c))	/* capabilities below 32 only: data[0] */

/*
 * Keeps `permitted`; of them, `effective` in force and `inheritable` ready for a child to raise
 * as ambient. Only as root. 0, or -1 with why.
 */
int privdrop_to(uid_t uid, gid_t gid, uint32_t permitted, uint32_t effective, uint32_t inheritable,
		char *why, size_t whycap) __attribute__((warn_unused_result));

/* privdrop_to(PRIVDROP_NOBODY, PRIVDROP_NOBODY, ...) */
int privdrop_to_nobody(uint32_t permitted, uint32_t effective, uint32_t inheritable, char *why,
		       size_t whycap) __attribute__((warn_unused_result));

#endif
