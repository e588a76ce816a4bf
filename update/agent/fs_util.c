#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs_util.h"

int fd_pwrite_all(int fd, const void *buf, size_t len, uint64_t off)
{
	const unsigned char *p = buf;

	while (len > 0) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

ssize_t fd_pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, p + got, len - got, (off_t)(off + got));

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

int fd_write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;

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

int path_join(char *out, size_t cap, const char *dir, const char *name, struct upd_error *err)
{
	int n = snprintf(out, cap, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= cap)
		return upd_fail(err, UPD_ERR_SYS, "path %s/%s is too long", dir, name);
	return 0;
}

int file_read_small(const char *path, char *buf, size_t cap, size_t *len, struct upd_error *err)
{
	ssize_t n;
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", path, strerror(errno));
	}
	n = fd_pread_full(fd, buf, cap, 0);
	e = errno;
	(void)close(fd);
	if (n < 0)
		return upd_fail(err, UPD_ERR_SYS, "reading %s: %s", path, strerror(e));
	if ((size_t)n >= cap)
		return upd_fail(err, UPD_ERR_SYS, "%s is larger than %zu bytes", path, cap - 1);
	buf[n] = '\0';
	*len = (size_t)n;
	return 0;
}

int dir_fsync(const char *dir, struct upd_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), e;

	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening directory %s: %s", dir, strerror(errno));
	if (fsync(fd) < 0) {
		e = errno;
		(void)close(fd);
		return upd_fail(err, UPD_ERR_SYS, "fsync of directory %s: %s", dir, strerror(e));
	}
	if (close(fd) < 0)
		return upd_fail(err, UPD_ERR_SYS, "closing directory %s: %s", dir, strerror(errno));
	return 0;
}

int file_write_atomic(const char *dir, const char *name, const void *buf, size_t len,
		      struct upd_error *err)
{
	char tmp[NU_PATH_MAX], dst[NU_PATH_MAX], tname[NU_PATH_MAX];
	int fd, e;

	if (snprintf(tname, sizeof tname, ".%s.tmp", name) >= (int)sizeof tname ||
	    path_join(tmp, sizeof tmp, dir, tname, err) < 0 ||
	    path_join(dst, sizeof dst, dir, name, err) < 0)
		return upd_fail(err, UPD_ERR_SYS, "path %s/%s is too long", dir, name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "creating %s: %s", tmp, strerror(errno));
	if (fd_write_all(fd, buf, len) < 0 || fsync(fd) < 0) {
		e = errno;
		(void)close(fd);
		(void)unlink(tmp);
		return upd_fail(err, UPD_ERR_SYS, "writing %s: %s", tmp, strerror(e));
	}
	if (close(fd) < 0) {
		e = errno;
		(void)unlink(tmp);
		return upd_fail(err, UPD_ERR_SYS, "closing %s: %s", tmp, strerror(e));
	}
	if (rename(tmp, dst) < 0) {
		e = errno;
		(void)unlink(tmp);
		return upd_fail(err, UPD_ERR_SYS, "renaming %s to %s: %s", tmp, dst, strerror(e));
	}
	return dir_fsync(dir, err);
}

int dir_make(const char *path, unsigned mode, struct upd_error *err)
{
	char p[NU_PATH_MAX];
	size_t i, n = strlen(path);

	if (n == 0 || n >= sizeof p)
		return upd_fail(err, UPD_ERR_SYS, "directory path \"%s\" is empty or too long", path);
	memcpy(p, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST)
			return upd_fail(err, UPD_ERR_SYS, "creating directory %s: %s", p,
					strerror(errno));
		p[i] = i == n ? '\0' : '/';
	}
	return 0;
}
