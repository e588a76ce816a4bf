#include "data_probe.h"

int bytes_all_zero(const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

enum data_kind data_kind_classify(const unsigned char *head, size_t headlen, int all_zero)
{
	if (all_zero)
		return DATA_BLANK;
	if (headlen >= EXT_MAGIC_OFFSET + 2 &&
	    (head[EXT_MAGIC_OFFSET] | (unsigned)head[EXT_MAGIC_OFFSET + 1] << 8) == EXT_MAGIC)
		return DATA_EXT;
	return DATA_UNKNOWN;
}
