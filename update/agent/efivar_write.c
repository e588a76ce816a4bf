/* efivar_write (efivar.h): apart from the readers, which init's nodestate links too and builds
 * without the kernel's headers. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "efivar.h"
#include "fs_util.h"
#include "le.h"

/* Clears FS_IMMUTABLE_FL on an existing variable's file. 0 also when there is no file yet, or
 * the file system has no such flags (a test directory). */
static int mutable_make(const char *path, struct upd_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), flags, e;

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", path, strerror(errno));
	}
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0) {
		e = errno;
		(void)close(fd);
		if (e == ENOTTY || e == EOPNOTSUPP)
			return 0;
		return upd_fail(err, UPD_ERR_SYS, "reading the flags of %s: %s", path, strerror(e));
	}
	if (flags & FS_IMMUTABLE_FL) {
		flags &= ~FS_IMMUTABLE_FL;
		if (ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0) {
			e = errno;
			(void)close(fd);
			return upd_fail(err, UPD_ERR_SYS, "making %s writable (clearing its immutable "
					"flag): %s", path, strerror(e));
		}
	}
	(void)close(fd);
	return 0;
}

int efivar_write(const char *dir, const char *file, uint32_t attributes, const uint8_t *data,
		 size_t len, struct upd_error *err)
{
	uint8_t buf[4 + EFIVAR_WRITE_MAX];
	char path[NU_PATH_MAX];
	struct statfs fs;
	ssize_t n;
	int fd, e;

	if (len > EFIVAR_WRITE_MAX)
		return upd_fail(err, UPD_ERR_SYS, "%s: %zu bytes is more than the %d written", file,
				len, EFIVAR_WRITE_MAX);
	if (path_join(path, sizeof path, dir, file, err) < 0 || mutable_make(path, err) < 0)
		return -1;
	le32_store(buf, attributes);
	memcpy(buf + 4, data, len);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening %s to write: %s", path, strerror(errno));
	/* a write replaces an EFI variable whole; anywhere else (tests) the old bytes go first */
	if (fstatfs(fd, &fs) == 0 && fs.f_type != EFIVARFS_MAGIC && ftruncate(fd, 0) < 0) {
		e = errno;
		(void)close(fd);
		return upd_fail(err, UPD_ERR_SYS, "truncating %s: %s", path, strerror(e));
	}
	do
		n = write(fd, buf, 4 + len);
	while (n < 0 && errno == EINTR);
	e = errno;
	if (n < 0 || (size_t)n != 4 + len) {
		(void)close(fd);
		if (n < 0)
			return upd_fail(err, UPD_ERR_SYS, "writing %s: %s", path, strerror(e));
		return upd_fail(err, UPD_ERR_SYS, "writing %s: %zd of %zu bytes written", path, n,
				4 + len);
	}
	if (close(fd) < 0)
		return upd_fail(err, UPD_ERR_SYS, "writing %s: %s", path, strerror(errno));
	return 0;
}
