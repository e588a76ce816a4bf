/* Pure classification of the data partition's first MiB: blank, ext2/3/4, or something else. */
#ifndef NODE_DATA_PROBE_H
#define NODE_DATA_PROBE_H

#include <stddef.h>

#define DATA_PROBE_BYTES (1024 * 1024)
#define EXT_MAGIC_OFFSET 1080	/* superblock at 1024, s_magic at +56 */
#define EXT_MAGIC 0xEF53

enum data_kind {
	DATA_BLANK,	/* first MiB all zero: safe to format */
	DATA_EXT,	/* ext2/3/4 superblock: check, then mount */
	DATA_UNKNOWN,	/* anything else: never format it */
};

/* 1 if all n bytes are zero. */
int bytes_all_zero(const void *buf, size_t n);

/* head: the first headlen bytes; all_zero: whether the whole first MiB was zero. */
enum data_kind data_kind_classify(const unsigned char *head, size_t headlen, int all_zero);

#endif
