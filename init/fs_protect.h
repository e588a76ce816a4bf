/*
 * The kernel's protections against link and FIFO tricks in shared directories, which Debian turns
 * on with a sysctl file and a bare kernel leaves off: with fs.protected_hardlinks=0 any user may
 * hard-link a root-owned file it cannot read into a directory it can write, and a root process
 * that later chowns or opens "its" file there works on the other one (nodelog's log directory is
 * such a place). Stage 2 sets them before /var is mounted and before any service runs.
 */
#ifndef NODE_FS_PROTECT_H
#define NODE_FS_PROTECT_H

#include <stddef.h>
#include "compiler.h"

/* Writes fs.protected_hardlinks=1, protected_symlinks=1, protected_fifos=2, protected_regular=2.
 * 0, or -1 with the first write that failed in err (the others are still tried). */
int fs_protect(char *err, size_t errcap) WUR;

#endif
