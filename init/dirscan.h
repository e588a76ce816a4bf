/* Directory listing with getdents64 directly: musl's opendir() allocates, this does not. */
#ifndef NODE_DIRSCAN_H
#define NODE_DIRSCAN_H

#include "compiler.h"

/* Called for each entry but "." and ".."; a non-zero return stops the scan and is returned. */
typedef int dirscan_fn(int dirfd, const char *name, unsigned char type, void *ctx);

/* Scans the open directory dirfd from its current offset. 0, fn's non-zero value, or -1 with errno. */
int dirscan(int dirfd, dirscan_fn *fn, void *ctx) WUR;

#endif
