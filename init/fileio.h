/* Whole-buffer I/O over raw fds: loops over short reads/writes and EINTR, never allocates. */
#ifndef NODE_FILEIO_H
#define NODE_FILEIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "compiler.h"

/* Writes all len bytes. 0, or -1 with errno. */
int fd_write_all(int fd, const void *buf, size_t len) WUR;

/* Reads until len bytes or end of file. Returns the byte count, or -1 with errno. */
ssize_t fd_read_full(int fd, void *buf, size_t len) WUR;

/* Reads the whole file into buf (cap bytes). A larger file fails with EFBIG. 0, or -1 with errno. */
int file_read_all(const char *path, char *buf, size_t cap, size_t *len) WUR;

/*
 * Writes buf to tmp (created or truncated, then given mode) and renames it onto path, so readers
 * see the old file or the new one, never a part. No fsync: meant for /run (tmpfs). 0, or -1 with
 * errno (tmp is removed again on failure).
 */
int file_write_atomic(const char *path, const char *tmp, const void *buf, size_t len,
		      mode_t mode) WUR;

/* Bytes an unprivileged writer may still put on fd's filesystem (the installer's RAM disk);
 * UINT64_MAX when fstatvfs fails, so the write itself then says why. */
uint64_t fd_free_bytes(int fd);

/* Closes fd, keeping errno: used where a close error carries nothing to act on (read-only fds). */
void fd_close_keep_errno(int fd);

#endif
