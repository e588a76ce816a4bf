#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "fs_util.h"
#include "part_wait.h"

#define POLL_MS 50

int disk_reread(const char *path, struct upd_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), tries, e = 0;

	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", path, strerror(errno));
	for (tries = 0; tries < REREAD_TRIES; tries++) {
		if (ioctl(fd, BLKRRPART) == 0) {
			(void)close(fd);
			return 0;
		}
		e = errno;
		if (e != EBUSY)
			break;
		(void)usleep(100000);
	}
	(void)close(fd);
	return upd_fail(err, UPD_ERR_SYS, "the kernel did not re-read the partition table of %s "
			"(BLKRRPART): %s", path, strerror(e));
}

int part_name(const char *disk, unsigned partn, char *out, size_t cap, struct upd_error *err)
{
	size_t n = strlen(disk);
	int digit = n > 0 && disk[n - 1] >= '0' && disk[n - 1] <= '9';

	if (snprintf(out, cap, "%s%s%u", disk, digit ? "p" : "", partn) >= (int)cap)
		return upd_fail(err, UPD_ERR_SYS, "partition %u of %s: name too long", partn, disk);
	return 0;
}

/* Partition i as the table says, now. 0 with p filled, or -1 with why (not there yet, or
 * not what was written). */
static int part_check(const struct disk_env *env, const char *disk, unsigned partn,
		      const char *label, struct block_part *p, struct upd_error *why)
{
	char path[NU_PATH_MAX], buf[UEVENT_MAX];
	struct uevent u;
	struct stat st;
	size_t len;

	if (part_name(disk, partn, p->name, sizeof p->name, why) < 0)
		return -1;
	if (snprintf(path, sizeof path, "%s/class/block/%s/uevent", env->sys, p->name) >=
	    (int)sizeof path)
		return upd_fail(why, UPD_ERR_SYS, "sysfs path of %s is too long", p->name);
	if (file_read_small(path, buf, sizeof buf, &len, why) != 0)
		return upd_fail(why, UPD_ERR_SYS, "%s is not in sysfs", p->name);
	if (uevent_parse(buf, len, &u, why) < 0)
		return -1;
	if (strcmp(u.devtype, "partition") != 0 || u.partn != partn || !u.has_dev ||
	    strcmp(u.partname, label) != 0)
		return upd_fail(why, UPD_ERR_SYS, "%s is partition %u labelled \"%s\", not %u "
				"labelled \"%s\"", p->name, u.partn, u.partname, partn, label);
	if (snprintf(p->dev, sizeof p->dev, "%s/%s", env->dev, p->name) >= (int)sizeof p->dev)
		return upd_fail(why, UPD_ERR_SYS, "path %s/%s is too long", env->dev, p->name);
	if (stat(p->dev, &st) < 0)
		return upd_fail(why, UPD_ERR_SYS, "%s: %s", p->dev, strerror(errno));
	if (!S_ISBLK(st.st_mode) || st.st_rdev != makedev(u.major, u.minor))
		return upd_fail(why, UPD_ERR_SYS, "%s is not the block device %u:%u", p->dev,
				u.major, u.minor);
	snprintf(p->label, sizeof p->label, "%s", label);
	p->partn = partn;
	return 0;
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec now;

	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

int parts_wait(const struct disk_env *env, const char *disk, const char *const *labels,
	       unsigned n, unsigned timeout_ms, struct block_part *parts, struct upd_error *err)
{
	struct timespec t0;
	unsigned i;

	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		for (i = 0; i < n; i++)
			if (part_check(env, disk, i + 1, labels[i], &parts[i], err) < 0)
				break;
		if (i == n)
			return 0;
		if (elapsed_ms(&t0) >= (long)timeout_ms) {
			upd_error_prefix(err, "after %u ms: ", timeout_ms);
			return -1;
		}
		(void)usleep(POLL_MS * 1000);
	}
}
