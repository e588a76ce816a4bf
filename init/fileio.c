#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "fileio.h"

int fd_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t fd_read_full(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int file_read_all(const char *path, char *buf, size_t cap, size_t *len)
{
	char probe;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = fd_read_full(fd, buf, cap);
	if (n < 0) {
		fd_close_keep_errno(fd);
		return -1;
	}
	if ((size_t)n == cap) {
		/* one more byte tells "exactly full" apart from "too big" */
		ssize_t m = fd_read_full(fd, &probe, 1);

		if (m != 0) {
			fd_close_keep_errno(fd);
			if (m > 0)
				errno = EFBIG;
			return -1;
		}
	}
	fd_close_keep_errno(fd);
	*len = (size_t)n;
	return 0;
}

int file_write_atomic(const char *path, const char *tmp, const void *buf, size_t len, mode_t mode)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	int e;

	if (fd < 0)
		return -1;
	if (fchmod(fd, mode) != 0 || fd_write_all(fd, buf, len) != 0) {
		e = errno;
		fd_close_keep_errno(fd);
		goto fail;
	}
	/* a written file: here a close error may mean lost data */
	if (close(fd) != 0) {
		e = errno;
		goto fail;
	}
	if (rename(tmp, path) == 0)
		return 0;
	e = errno;
fail:
	if (unlink(tmp) != 0) {
		/* the error that matters is e; a leftover temporary file is rewritten next time */
	}
	errno = e;
	return -1;
}

void fd_close_keep_errno(int fd)
{
	int saved = errno;

	/* read-only or pipe fds: a close error cannot lose data, and Linux must not retry close */
	if (close(fd) != 0) {
		/* nothing to act on, see above */
	}
	errno = saved;
}

uint64_t fd_free_bytes(int fd)
{
	struct statvfs vfs;

	if (fstatvfs(fd, &vfs) != 0)
		return UINT64_MAX;
	return (uint64_t)vfs.f_bavail * (uint64_t)vfs.f_frsize;
}
