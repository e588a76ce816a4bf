/* Copies one regular file, bounded: the installer's files from its USB stick into RAM. */
#ifndef NODE_FILE_COPY_H
#define NODE_FILE_COPY_H

#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

/*
 * Copies src (a regular file of at most max bytes, and no more than dst's filesystem has free)
 * to dst (created, mode 0600, must not exist). 0 with *bytes; 1 when src does not exist; -1 with
 * a reason in err. A failed copy leaves no dst behind.
 */
int file_copy(const char *src, const char *dst, uint64_t max, uint64_t *bytes, char *err,
	      size_t errcap) WUR;

#endif
