#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "clock.h"
#include "errbuf.h"
#include "fileio.h"
#include "loop_attach.h"

#define LOOP_CONTROL "/dev/loop-control"
#define LOOP_NODE_WAIT_MS 2000	/* devtmpfs makes the node as the device is added */
#define LOOP_BUSY_TRIES 8	/* another LOOP_CONFIGURE may win the device we were given */

static int open_node(const char *path, char *err, size_t errcap)
{
	int waited, fd;

	for (waited = 0;; waited += 20) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT || waited >= LOOP_NODE_WAIT_MS)
			break;
		clock_sleep_ms(20);
	}
	if (fd < 0)
		err_set(err, errcap, "open %s: %s", path, strerror(errno));
	return fd;
}

int loop_attach(const char *file, uint64_t offset, uint64_t size, struct loop_dev *out, char *err,
		size_t errcap)
{
	struct loop_config cfg;
	struct stat st;
	int ctl, backing, dev = -1, n, tries;

	if (offset % 512 != 0 || size == 0) {
		err_set(err, errcap, "loop over %s: offset %llu is not a multiple of 512 or size is 0",
			file, (unsigned long long)offset);
		return -1;
	}
	backing = open(file, O_RDONLY | O_CLOEXEC);
	if (backing < 0) {
		err_set(err, errcap, "open %s: %s", file, strerror(errno));
		return -1;
	}
	ctl = open(LOOP_CONTROL, O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		err_set(err, errcap, "open %s: %s (is the loop module loaded?)", LOOP_CONTROL,
			strerror(errno));
		fd_close_keep_errno(backing);
		return -1;
	}
	for (tries = 0; tries < LOOP_BUSY_TRIES; tries++) {
		n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0) {
			err_set(err, errcap, "%s: LOOP_CTL_GET_FREE: %s", LOOP_CONTROL, strerror(errno));
			break;
		}
		(void)snprintf(out->path, sizeof out->path, "/dev/loop%d", n);
		dev = open_node(out->path, err, errcap);
		if (dev < 0)
			break;
		memset(&cfg, 0, sizeof cfg);
		cfg.fd = (unsigned)backing;
		cfg.info.lo_offset = offset;
		cfg.info.lo_sizelimit = size;
		cfg.info.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR;
		if (ioctl(dev, LOOP_CONFIGURE, &cfg) == 0)
			break;
		if (errno != EBUSY) {
			err_set(err, errcap, "%s: LOOP_CONFIGURE over %s at %llu+%llu: %s", out->path,
				file, (unsigned long long)offset, (unsigned long long)size,
				strerror(errno));
			fd_close_keep_errno(dev);
			dev = -1;
			break;
		}
		fd_close_keep_errno(dev);	/* taken meanwhile: ask again */
		dev = -1;
	}
	if (tries == LOOP_BUSY_TRIES)
		err_set(err, errcap, "no free loop device after %d tries", LOOP_BUSY_TRIES);
	fd_close_keep_errno(ctl);
	fd_close_keep_errno(backing);	/* the loop device holds its own reference */
	if (dev < 0)
		return -1;
	if (fstat(dev, &st) != 0 || !S_ISBLK(st.st_mode)) {
		err_set(err, errcap, "%s: not a block device after LOOP_CONFIGURE", out->path);
		fd_close_keep_errno(dev);
		return -1;
	}
	out->major = major(st.st_rdev);
	out->minor = minor(st.st_rdev);
	out->fd = dev;
	return 0;
}

void loop_let_go(struct loop_dev *d)
{
	if (d->fd >= 0)
		fd_close_keep_errno(d->fd);
	d->fd = -1;
}
