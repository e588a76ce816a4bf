/* The installer's downloads (PXE): one file over HTTP from the provisioning server into RAM. */
#ifndef NODE_INSTALL_FETCH_H
#define NODE_INSTALL_FETCH_H

#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

/*
 * GETs base_url + name (base_url ends in '/') into path, refusing a body over max bytes before
 * it is read, and one that does not fit the free space of path's filesystem (the RAM disk).
 * 0 with *bytes; 1 when the server answered 404 (path not created); -1 with a reason in err.
 * A failed download leaves no file behind.
 */
int install_fetch(const char *base_url, const char *name, const char *path, uint64_t max,
		  uint64_t *bytes, char *err, size_t errcap) WUR;

#endif
