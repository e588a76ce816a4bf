/* Whole-buffer reads over raw fds: pipes and USB sticks return short reads; EINTR is retried. */
#ifndef UPD_IO_H
#define UPD_IO_H

#include <stddef.h>
#include <sys/types.h>

#include "upd_attr.h"

/* Reads until len bytes or end of file. Returns the byte count (less than len only at end of
 * file), or -1 with errno. */
ssize_t upd_read_full(int fd, void *buf, size_t len) UPD_WUR;

#endif
