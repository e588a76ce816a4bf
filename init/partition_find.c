#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "dirscan.h"
#include "errbuf.h"
#include "fileio.h"
#include "partition_find.h"

#define SEEN_MAX 256

struct scan_ctx {
	const char *label;
	unsigned matches;
	struct blockdev found;
	char other[UEVENT_DEVNAME_MAX + 1];	/* a second match, for the error */
	char seen[SEEN_MAX];			/* "vda1=esp vda2=root-a ..." */
	size_t seen_len;
};

static void seen_add(struct scan_ctx *c, const struct uevent_info *u)
{
	int n;

	if (c->seen_len >= sizeof c->seen - 1)
		return;
	n = snprintf(c->seen + c->seen_len, sizeof c->seen - c->seen_len, "%s%s=%s",
		     c->seen_len > 0 ? " " : "", u->devname, u->has_partname ? u->partname : "-");
	if (n > 0)
		c->seen_len += (size_t)n;
	if (c->seen_len >= sizeof c->seen)
		c->seen_len = sizeof c->seen - 1;
}

static int scan_entry(int dirfd, const char *name, unsigned char type, void *vctx)
{
	struct scan_ctx *c = vctx;
	char path[300], buf[4096];
	struct uevent_info u;
	struct stat st;
	ssize_t n;
	int fd, r;

	(void)type;
	r = snprintf(path, sizeof path, "%s/uevent", name);
	if (r < 0 || (size_t)r >= sizeof path)
		return 0;
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* the device went away between listing and opening */
	n = fd_read_full(fd, buf, sizeof buf);
	fd_close_keep_errno(fd);
	if (n <= 0 || uevent_parse(buf, (size_t)n, &u) != 0)
		return 0;
	seen_add(c, &u);
	if (!u.has_partname || strcmp(u.partname, c->label) != 0)
		return 0;
	if (c->matches++ > 0) {
		memcpy(c->other, u.devname, sizeof c->other);
		return 0;
	}
	c->found.major = u.major;
	c->found.minor = u.minor;
	memcpy(c->found.devname, u.devname, sizeof c->found.devname);
	r = snprintf(c->found.path, sizeof c->found.path, "/dev/%s", u.devname);
	/* devtmpfs may lag a moment behind sysfs: no node yet means "not found yet" */
	if (r < 0 || (size_t)r >= sizeof c->found.path || stat(c->found.path, &st) != 0 ||
	    !S_ISBLK(st.st_mode))
		c->matches = 0;
	return 0;
}

int partition_find(const char *label, int wait_ms, struct blockdev *out, char *err, size_t errcap)
{
	int64_t deadline = clock_boot_ms() + wait_ms;
	struct scan_ctx c;

	for (;;) {
		int fd, r;

		memset(&c, 0, sizeof c);
		c.label = label;
		fd = open("/sys/class/block", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			err_set(err, errcap, "open /sys/class/block: %s", strerror(errno));
			return -1;
		}
		r = dirscan(fd, scan_entry, &c);
		if (r != 0) {
			err_set(err, errcap, "list /sys/class/block: %s", strerror(errno));
			fd_close_keep_errno(fd);
			return -1;
		}
		fd_close_keep_errno(fd);
		if (c.matches > 1) {
			err_set(err, errcap, "PARTLABEL=%s is on both %s and %s, refusing to guess", label,
				c.found.devname, c.other);
			return -1;
		}
		if (c.matches == 1) {
			*out = c.found;
			return 0;
		}
		if (clock_boot_ms() >= deadline) {
			err_set(err, errcap, "no partition PARTLABEL=%s after %d ms; seen: %s", label,
				wait_ms, c.seen_len > 0 ? c.seen : "no block devices");
			return -1;
		}
		clock_sleep_ms(PARTITION_POLL_MS);
	}
}
