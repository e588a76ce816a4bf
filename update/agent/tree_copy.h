/* The ESP's template (the root's /usr/lib/node/esp: the boot loader and loader.conf) copied onto
 * the new ESP: directories and regular files only, each file fsynced, each directory fsynced
 * after its entries, so the copy is on the disk before anything boots from it. */
#ifndef NU_TREE_COPY_H
#define NU_TREE_COPY_H

#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define TREE_DEPTH_MAX 8
#define TREE_FILES_MAX 256

struct tree_stats {
	unsigned files, dirs;
	uint64_t bytes;
};

/* Copies src's contents into the existing directory dst (existing directories are merged,
 * existing files replaced); with dst NULL, only checks src (what a copy would meet: a symlink,
 * a device, a tree too deep or too large is refused) and counts. 0 with st, or -1 with err. */
int tree_copy(const char *src, const char *dst, struct tree_stats *st,
	      struct upd_error *err) UPD_WUR;

#endif
