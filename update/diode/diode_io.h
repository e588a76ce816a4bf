/* Whole-buffer positional I/O: loops over short reads and writes and EINTR. 0, or -1 with errno
 * (EIO for a read that meets the end of the file). */
#ifndef DIODE_IO_H
#define DIODE_IO_H

#include <stddef.h>
#include <stdint.h>

int pread_all(int fd, void *buf, size_t len, uint64_t off);
int pwrite_all(int fd, const void *buf, size_t len, uint64_t off);

#endif
