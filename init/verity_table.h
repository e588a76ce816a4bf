/* Pure builder for the dm-verity target (REFERENCE C.4): sha256, 4096-byte data and hash blocks. */
#ifndef NODE_VERITY_TABLE_H
#define NODE_VERITY_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include "cmdline.h"
#include "compiler.h"

#define VERITY_BLOCK_SIZE 4096
#define VERITY_SECTORS_PER_BLOCK (VERITY_BLOCK_SIZE / 512)
#define VERITY_PARAMS_MAX 512

struct verity_target {
	uint64_t start;		/* 512-byte sectors */
	uint64_t length;	/* 512-byte sectors */
	char params[VERITY_PARAMS_MAX];
};

/*
 * params = "1 <data_dev> <hash_dev> 4096 4096 <data_blocks> <hash_start_block> sha256 <root> <salt>",
 * length = data_blocks * 8. Devices are "major:minor" or paths. 0, or -1 if it does not fit.
 */
int verity_target_build(struct verity_target *t, const struct node_verity *v, const char *data_dev,
			const char *hash_dev) WUR;

/* The whole table line "<start> <length> verity <params>", as dmsetup would show it. */
int verity_table_line(char *out, size_t cap, const struct verity_target *t) WUR;

#endif
