/* The kernel command line (/proc/cmdline, a UKI's .cmdline): words separated by blanks, a
 * double-quoted part may hold blanks (the kernel's own rule), key=value words. And the node's
 * own parameters: node.slot, node.root, node.verity (init/README.md). */
#ifndef NU_KERNEL_CMDLINE_H
#define NU_KERNEL_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define CMDLINE_MAX 4096
#define CMDLINE_VALUE_MAX 512
#define NODE_HASH_BYTES 32

/* The value of key=... (quotes removed). 1 when it appears exactly once, 0 when absent, -1 with
 * err when it appears more than once (who wins would depend on the reader) or is too long. */
int cmdline_value(const char *cmdline, size_t len, const char *key, char *out, size_t cap,
		  struct upd_error *err) UPD_WUR;

/* node.verity=<data_blocks>:<hash_start>:<root hex64>:<salt hex64> */
struct node_verity {
	uint64_t data_blocks;
	uint64_t hash_start;
	uint8_t root[NODE_HASH_BYTES];
	uint8_t salt[NODE_HASH_BYTES];
};

int node_verity_parse(const char *s, struct node_verity *v, struct upd_error *err) UPD_WUR;

/* 'a' or 'b' from "a"/"b", else 0. */
char slot_from_string(const char *s);

#endif
