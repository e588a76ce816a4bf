#include <errno.h>
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dm_verity.h"
#include "errbuf.h"
#include "fileio.h"
#include "verity_table.h"

#define DM_CONTROL "/dev/mapper/control"
#define DM_CONTROL_SYSFS "/sys/class/misc/device-mapper/dev"
#define DM_CONTROL_MAJOR 10	/* misc */
#define DM_CONTROL_MINOR 236
#define DM_BUF_SIZE 16384

/* One ioctl buffer, aligned for struct dm_ioctl and the target spec after it. */
static union {
	struct dm_ioctl io;
	unsigned char raw[DM_BUF_SIZE];
	uint64_t align;
} dmbuf;

static int mkdir_exists_ok(const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	return -1;
}

/* devtmpfs normally creates the control node when dm-mod loads; make it if it did not. */
static int control_open(char *err, size_t errcap)
{
	unsigned maj = DM_CONTROL_MAJOR, min = DM_CONTROL_MINOR;
	char buf[32];
	size_t len;
	int fd = open(DM_CONTROL, O_RDWR | O_CLOEXEC);

	if (fd >= 0 || errno != ENOENT) {
		if (fd < 0)
			err_set(err, errcap, "open %s: %s", DM_CONTROL, strerror(errno));
		return fd;
	}
	if (file_read_all(DM_CONTROL_SYSFS, buf, sizeof buf - 1, &len) == 0) {
		buf[len] = '\0';
		if (sscanf(buf, "%u:%u", &maj, &min) != 2) {
			maj = DM_CONTROL_MAJOR;
			min = DM_CONTROL_MINOR;
		}
	}
	if (mkdir_exists_ok("/dev/mapper") != 0) {
		err_set(err, errcap, "mkdir /dev/mapper: %s", strerror(errno));
		return -1;
	}
	if (mknod(DM_CONTROL, S_IFCHR | 0600, makedev(maj, min)) != 0 && errno != EEXIST) {
		err_set(err, errcap, "mknod %s (%u:%u): %s", DM_CONTROL, maj, min, strerror(errno));
		return -1;
	}
	fd = open(DM_CONTROL, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		err_set(err, errcap, "open %s: %s", DM_CONTROL, strerror(errno));
	return fd;
}

static struct dm_ioctl *dm_prepare(uint32_t flags)
{
	struct dm_ioctl *io = &dmbuf.io;

	memset(&dmbuf, 0, sizeof dmbuf);
	/* minor 0: any kernel with ioctl interface 4.x accepts us */
	io->version[0] = DM_VERSION_MAJOR;
	io->version[1] = 0;
	io->version[2] = 0;
	io->data_size = sizeof dmbuf;
	io->data_start = sizeof(struct dm_ioctl);
	io->flags = flags;
	memcpy(io->name, DM_ROOT_NAME, sizeof DM_ROOT_NAME);
	return io;
}

static int dm_call(int fd, unsigned long req, const char *what, char *err, size_t errcap)
{
	if (ioctl(fd, req, &dmbuf) != 0) {
		err_set(err, errcap, "%s %s: %s", what, DM_ROOT_NAME, strerror(errno));
		return -1;
	}
	return 0;
}

static int table_load(int fd, const struct verity_target *t, char *err, size_t errcap)
{
	/* dm-verity refuses a writable table ("Device must be readonly") */
	struct dm_ioctl *io = dm_prepare(DM_READONLY_FLAG);
	struct dm_target_spec *spec = (struct dm_target_spec *)(void *)(dmbuf.raw + io->data_start);
	size_t plen = strlen(t->params) + 1;
	size_t spec_len = (sizeof *spec + plen + 7) & ~(size_t)7;

	if (io->data_start + spec_len > sizeof dmbuf) {
		err_set(err, errcap, "verity table does not fit the ioctl buffer");
		return -1;
	}
	io->target_count = 1;
	io->data_size = io->data_start + (uint32_t)spec_len;
	spec->sector_start = t->start;
	spec->length = t->length;
	spec->next = (uint32_t)spec_len;
	memcpy(spec->target_type, "verity", sizeof "verity");
	memcpy((char *)(spec + 1), t->params, plen);
	return dm_call(fd, DM_TABLE_LOAD, "DM_TABLE_LOAD", err, errcap);
}

int dm_verity_create(const struct node_verity *v, unsigned major, unsigned minor, char *err,
		     size_t errcap)
{
	return dm_verity_create_split(v, major, minor, major, minor, err, errcap);
}

int dm_verity_create_split(const struct node_verity *v, unsigned data_major, unsigned data_minor,
			   unsigned hash_major, unsigned hash_minor, char *err, size_t errcap)
{
	struct verity_target t;
	char data[32], hash[32], why[ERR_MAX];
	unsigned dm_major, dm_minor;
	int fd, n, m;

	n = snprintf(data, sizeof data, "%u:%u", data_major, data_minor);
	m = snprintf(hash, sizeof hash, "%u:%u", hash_major, hash_minor);
	if (n < 0 || (size_t)n >= sizeof data || m < 0 || (size_t)m >= sizeof hash ||
	    verity_target_build(&t, v, data, hash) != 0) {
		err_set(err, errcap, "verity table for %s (hash %s) does not fit", data, hash);
		return -1;
	}
	fd = control_open(err, errcap);
	if (fd < 0)
		return -1;
	dm_prepare(DM_READONLY_FLAG);
	if (dm_call(fd, DM_DEV_CREATE, "DM_DEV_CREATE", err, errcap) != 0) {
		fd_close_keep_errno(fd);
		return -1;
	}
	/* the kernel returns dev in the huge encoding, which major()/minor() decode */
	dm_major = major((dev_t)dmbuf.io.dev);
	dm_minor = minor((dev_t)dmbuf.io.dev);
	if (table_load(fd, &t, why, sizeof why) != 0) {
		err_set(err, errcap, "%s (table: %s)", why, t.params);
		fd_close_keep_errno(fd);
		return -1;
	}
	/* no DM_SUSPEND_FLAG: this resumes, making the loaded table live */
	dm_prepare(0);
	if (dm_call(fd, DM_DEV_SUSPEND, "DM_DEV_SUSPEND (resume)", err, errcap) != 0) {
		fd_close_keep_errno(fd);
		return -1;
	}
	fd_close_keep_errno(fd);
	if (mkdir_exists_ok("/dev/mapper") != 0) {
		err_set(err, errcap, "mkdir /dev/mapper: %s", strerror(errno));
		return -1;
	}
	if (unlink(DM_ROOT_NODE) != 0 && errno != ENOENT) {
		err_set(err, errcap, "unlink stale %s: %s", DM_ROOT_NODE, strerror(errno));
		return -1;
	}
	if (mknod(DM_ROOT_NODE, S_IFBLK | 0600, makedev(dm_major, dm_minor)) != 0) {
		err_set(err, errcap, "mknod %s (%u:%u): %s", DM_ROOT_NODE, dm_major, dm_minor,
			strerror(errno));
		return -1;
	}
	return 0;
}
