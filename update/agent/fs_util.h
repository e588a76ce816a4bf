/* File helpers with the error reporting the agent needs: whole writes and reads over EINTR and
 * short I/O, small files read with a bound, atomic replacement (temporary file, fsync, rename,
 * fsync of the directory), directory fsync. */
#ifndef NU_FS_UTIL_H
#define NU_FS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "upd_attr.h"
#include "upd_error.h"

#define NU_PATH_MAX 4096

/* All of len bytes at off. 0, or -1 with errno. */
int fd_pwrite_all(int fd, const void *buf, size_t len, uint64_t off) UPD_WUR;

/* Up to len bytes at off, fewer only at end of file. Byte count, or -1 with errno. */
ssize_t fd_pread_full(int fd, void *buf, size_t len, uint64_t off) UPD_WUR;

/* All of len bytes. 0, or -1 with errno. */
int fd_write_all(int fd, const void *buf, size_t len) UPD_WUR;

/* Reads path whole into buf (cap bytes, NUL-terminated, so at most cap - 1 bytes of content).
 * 0 with *len set, 1 when the file does not exist, -1 with err (also when it is too large). */
int file_read_small(const char *path, char *buf, size_t cap, size_t *len,
		    struct upd_error *err) UPD_WUR;

/* Replaces dir/name with buf atomically: dir/.name.tmp, fsync, rename, fsync dir. */
int file_write_atomic(const char *dir, const char *name, const void *buf, size_t len,
		      struct upd_error *err) UPD_WUR;

/* fsync of a directory, so a rename or unlink in it survives a power cut. */
int dir_fsync(const char *dir, struct upd_error *err) UPD_WUR;

/* mkdir -p with mode for the missing parts. 0, or -1 with err. */
int dir_make(const char *path, unsigned mode, struct upd_error *err) UPD_WUR;

/* "dir/name" into out; -1 with err if it does not fit. */
int path_join(char *out, size_t cap, const char *dir, const char *name,
	      struct upd_error *err) UPD_WUR;

#endif
