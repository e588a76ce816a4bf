#include <errno.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "disk_blank.h"
#include "disk_zero.h"
#include "fs_util.h"

#define ZERO_CHUNK 65536

int disk_zero(int fd, uint64_t off, uint64_t len, struct upd_error *err)
{
	static const uint8_t zero[ZERO_CHUNK];

	while (len > 0) {
		size_t n = len < sizeof zero ? (size_t)len : sizeof zero;

		if (fd_pwrite_all(fd, zero, n, off) < 0)
			return upd_fail(err, UPD_ERR_SYS, "writing zeros at %llu: %s",
					(unsigned long long)off, strerror(errno));
		off += n;
		len -= n;
	}
	return 0;
}

int disk_wipe(int fd, uint64_t bytes, int *discarded, struct upd_error *err)
{
	uint64_t range[2] = { 0, bytes };
	uint64_t edge = bytes < DISK_EDGE_BYTES ? bytes : DISK_EDGE_BYTES;

	*discarded = 0;
	if (ioctl(fd, BLKDISCARD, range) == 0)
		*discarded = 1;
	else if (errno != EOPNOTSUPP && errno != ENOTTY)   /* ENOTTY: an image file */
		return upd_fail(err, UPD_ERR_SYS, "discarding the disk (BLKDISCARD): %s",
				strerror(errno));
	if (disk_zero(fd, 0, edge, err) < 0 || disk_zero(fd, bytes - edge, edge, err) < 0)
		return -1;
	if (fsync(fd) < 0)
		return upd_fail(err, UPD_ERR_SYS, "fsync after wiping: %s", strerror(errno));
	return 0;
}
