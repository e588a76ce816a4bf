#include <stdio.h>

#include "verity_table.h"

int verity_target_build(struct verity_target *t, const struct node_verity *v, const char *data_dev,
			const char *hash_dev)
{
	int n;

	if (v->data_blocks == 0 || v->data_blocks > UINT64_MAX / VERITY_SECTORS_PER_BLOCK)
		return -1;
	t->start = 0;
	t->length = v->data_blocks * VERITY_SECTORS_PER_BLOCK;
	n = snprintf(t->params, sizeof t->params, "1 %s %s %d %d %llu %llu sha256 %s %s", data_dev,
		     hash_dev, VERITY_BLOCK_SIZE, VERITY_BLOCK_SIZE,
		     (unsigned long long)v->data_blocks, (unsigned long long)v->hash_start_block,
		     v->root_hash, v->salt);
	if (n < 0 || (size_t)n >= sizeof t->params)
		return -1;
	return 0;
}

int verity_table_line(char *out, size_t cap, const struct verity_target *t)
{
	int n = snprintf(out, cap, "%llu %llu verity %s", (unsigned long long)t->start,
			 (unsigned long long)t->length, t->params);

	if (n < 0 || (size_t)n >= cap)
		return -1;
	return 0;
}
