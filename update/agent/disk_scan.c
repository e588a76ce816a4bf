#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

#include "block_sysfs.h"
#include "disk_scan.h"
#include "fs_util.h"

#define MOUNTINFO_LINE 4096

/* Kinds of block devices that are never an installation target, by kernel name. */
static const struct {
	const char *prefix;
	const char *what;
} never_kinds[] = {
	{ "loop", "a loop device" },
	{ "ram", "a RAM disk" },
	{ "zram", "a compressed RAM disk" },
	{ "dm-", "a device-mapper device" },
	{ "md", "a software RAID device" },
	{ "sr", "an optical drive" },
};

/* The mounted devices: filled once per scan, bounded. */
static dev_t mounted[DISK_MOUNTS_MAX];
static unsigned n_mounted;

static const char *never_kind(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof never_kinds / sizeof never_kinds[0]; i++)
		if (strncmp(name, never_kinds[i].prefix, strlen(never_kinds[i].prefix)) == 0)
			return never_kinds[i].what;
	/* eMMC hardware partitions: mmcblk0boot0, mmcblk0boot1, mmcblk0rpmb */
	if (strncmp(name, "mmcblk", 6) == 0 && strstr(name, "boot") != NULL)
		return "an eMMC boot partition";
	if (strncmp(name, "mmcblk", 6) == 0 && strstr(name, "rpmb") != NULL)
		return "an eMMC replay-protected memory block";
	return NULL;
}

/* "MAJ:MIN" at s (up to end or a non-digit after MIN). 0, or -1. */
static int devno_parse(const char *s, unsigned *maj, unsigned *min)
{
	unsigned long a, b;
	char *e;

	if (*s < '0' || *s > '9')
		return -1;
	a = strtoul(s, &e, 10);
	if (*e != ':' || e[1] < '0' || e[1] > '9' || a > 0xfffff)
		return -1;
	b = strtoul(e + 1, &e, 10);
	if ((*e != '\0' && *e != '\n' && *e != ' ') || b > 0xfffff)
		return -1;
	*maj = (unsigned)a;
	*min = (unsigned)b;
	return 0;
}

/* One mountinfo line: "ID PARENT MAJ:MIN ROOT MOUNTPOINT ..." -> its device. */
static int mount_line(const char *line, dev_t *dev)
{
	unsigned maj, min;
	const char *p = strchr(line, ' ');

	if (p == NULL || (p = strchr(p + 1, ' ')) == NULL || devno_parse(p + 1, &maj, &min) < 0)
		return -1;
	*dev = makedev(maj, min);
	return 0;
}

static int mounts_read(const char *path, struct upd_error *err)
{
	char line[MOUNTINFO_LINE];
	int at_start = 1;
	FILE *f = fopen(path, "re");

	n_mounted = 0;
	if (f == NULL)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f) != NULL) {
		int start = at_start;
		dev_t dev;

		/* the device is near the start: a line longer than the buffer is read on in pieces */
		at_start = strchr(line, '\n') != NULL;
		if (!start)
			continue;
		if (mount_line(line, &dev) < 0) {
			(void)fclose(f);
			return upd_fail(err, UPD_ERR_SYS, "%s: a line without a device number", path);
		}
		if (n_mounted == DISK_MOUNTS_MAX) {
			(void)fclose(f);
			return upd_fail(err, UPD_ERR_SYS, "%s: more than %d mounts", path,
					DISK_MOUNTS_MAX);
		}
		mounted[n_mounted++] = dev;
	}
	if (ferror(f)) {
		(void)fclose(f);
		return upd_fail(err, UPD_ERR_SYS, "reading %s: %s", path, strerror(errno));
	}
	(void)fclose(f);
	return 0;
}

static int is_mounted(unsigned maj, unsigned min)
{
	unsigned i;

	for (i = 0; i < n_mounted; i++)
		if (mounted[i] == makedev(maj, min))
			return 1;
	return 0;
}

/* <sys>/class/block/<name>/<attr>, whole. 0 with buf, or -1 when missing or unreadable (an
 * attribute a driver does not have). */
static int attr_read(const struct disk_env *env, const char *name, const char *attr, char *buf,
		     size_t cap, size_t *len)
{
	char path[NU_PATH_MAX];

	if (snprintf(path, sizeof path, "%s/class/block/%s/%s", env->sys, name, attr) >=
	    (int)sizeof path)
		return -1;
	return file_read_small(path, buf, cap, len, NULL) == 0 ? 0 : -1;
}

static uint64_t attr_u64(const struct disk_env *env, const char *name, const char *attr)
{
	char buf[32], *e;
	size_t len;
	unsigned long long v;

	if (attr_read(env, name, attr, buf, sizeof buf, &len) < 0 || buf[0] < '0' || buf[0] > '9')
		return 0;
	v = strtoull(buf, &e, 10);
	return *e == '\0' || *e == '\n' ? v : 0;
}

static int attr_exists(const struct disk_env *env, const char *name, const char *attr)
{
	char path[NU_PATH_MAX];
	struct stat st;

	return snprintf(path, sizeof path, "%s/class/block/%s/%s", env->sys, name, attr) <
		       (int)sizeof path && stat(path, &st) == 0;
}

/* A serial as sysfs gives it, trimmed of blanks and NULs; other unprintable bytes become '?'. */
static void serial_set(char *out, const char *s, size_t n)
{
	size_t i;

	while (n > 0 && (s[0] == ' ' || s[0] == '\0' || s[0] == '\n' || s[0] == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\0' || s[n - 1] == '\n' ||
			 s[n - 1] == '\t'))
		n--;
	if (n > DISK_SERIAL_MAX)
		n = DISK_SERIAL_MAX;
	for (i = 0; i < n; i++)
		out[i] = s[i] >= 0x20 && s[i] <= 0x7e ? s[i] : '?';
	out[n] = '\0';
}

/* virtio-blk: serial; NVMe: device/serial; SCSI and SATA: device/vpd_pg80, the Unit Serial
 * Number page (a 4-byte header, then the serial). The first that is there and not empty. */
static void serial_read(const struct disk_env *env, struct disk_info *d)
{
	char buf[512];
	size_t len;

	d->serial[0] = '\0';
	if (attr_read(env, d->name, "serial", buf, sizeof buf, &len) == 0)
		serial_set(d->serial, buf, len);
	if (d->serial[0] == '\0' && attr_read(env, d->name, "device/serial", buf, sizeof buf,
					      &len) == 0)
		serial_set(d->serial, buf, len);
	if (d->serial[0] == '\0' && attr_read(env, d->name, "device/vpd_pg80", buf, sizeof buf,
					      &len) == 0 && len > 4)
		serial_set(d->serial, buf + 4, len - 4);
}

/* The device numbers in <sys>/class/block/<name>/dev. 0, or -1. */
static int devno_read(const struct disk_env *env, const char *name, unsigned *maj, unsigned *min)
{
	char buf[32];
	size_t len;

	if (attr_read(env, name, "dev", buf, sizeof buf, &len) < 0)
		return -1;
	return devno_parse(buf, maj, min);
}

static int name_listed(const char *name, const char *const *names, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* The first device holding name (dm-0 on a partition, md0 on a disk), into holder. */
static int held_by(const struct disk_env *env, const char *name, char *holder, size_t cap)
{
	char path[NU_PATH_MAX];
	struct dirent *de;
	DIR *d;
	int found = 0;

	if (snprintf(path, sizeof path, "%s/class/block/%s/holders", env->sys, name) >=
		    (int)sizeof path ||
	    (d = opendir(path)) == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.') {
			size_t n = strlen(de->d_name) < cap ? strlen(de->d_name) : cap - 1;

			memcpy(holder, de->d_name, n);
			holder[n] = '\0';
			found = 1;
		}
	(void)closedir(d);
	return found;
}

/* Whether the disk (part NULL) or its partition part, at rel under <sys>/class/block, is in
 * use: mounted, or held by another block device (dm-0 on a partition, md0 on a disk). The first
 * use found goes into d->busy. */
static void use_check(const struct disk_env *env, struct disk_info *d, const char *part,
		      const char *rel, unsigned maj, unsigned min)
{
	char holder[BLOCK_NAME_MAX], who[BLOCK_NAME_MAX + 16];

	if (d->busy[0] != '\0')
		return;
	snprintf(who, sizeof who, "%s%s", part != NULL ? "partition " : "it", part != NULL ? part : "");
	if (is_mounted(maj, min))
		snprintf(d->busy, sizeof d->busy, "%s is mounted", who);
	else if (held_by(env, rel, holder, sizeof holder))
		snprintf(d->busy, sizeof d->busy, "%s is held by %s", who, holder);
}

/* Partitions are the subdirectories of the disk's directory that have a partition file. */
static int parts_check(const struct disk_env *env, struct disk_info *d, const char *const *not_disks,
		       unsigned n_not, struct upd_error *err)
{
	char path[NU_PATH_MAX], rel[2 * BLOCK_NAME_MAX], buf[32];
	struct dirent *de;
	DIR *dir;

	if (snprintf(path, sizeof path, "%s/class/block/%s", env->sys, d->name) >= (int)sizeof path)
		return upd_fail(err, UPD_ERR_SYS, "sysfs path of %s is too long", d->name);
	dir = opendir(path);
	if (dir == NULL)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", path, strerror(errno));
	while ((errno = 0, de = readdir(dir)) != NULL) {
		unsigned maj, min;
		size_t len;

		if (de->d_name[0] == '.' || strlen(de->d_name) >= BLOCK_NAME_MAX)
			continue;
		snprintf(rel, sizeof rel, "%s/%s", d->name, de->d_name);
		if (!attr_exists(env, rel, "partition"))
			continue;
		if (name_listed(de->d_name, not_disks, n_not))
			d->not_disk = 1;
		if (attr_read(env, rel, "dev", buf, sizeof buf, &len) < 0 ||
		    devno_parse(buf, &maj, &min) < 0) {
			/* a partition whose number cannot be read might be mounted: assume it is */
			if (d->busy[0] == '\0')
				snprintf(d->busy, sizeof d->busy, "partition %s has no readable "
					 "device number", de->d_name);
			continue;
		}
		use_check(env, d, de->d_name, rel, maj, min);
	}
	if (errno != 0) {
		int e = errno;

		(void)closedir(dir);
		return upd_fail(err, UPD_ERR_SYS, "reading %s: %s", path, strerror(e));
	}
	(void)closedir(dir);
	return 0;
}

static int disk_fill(const struct disk_env *env, struct disk_info *d, const char *const *not_disks,
		     unsigned n_not, struct upd_error *err)
{
	d->never = never_kind(d->name);
	d->not_disk = name_listed(d->name, not_disks, n_not);
	d->bytes = attr_u64(env, d->name, "size") * 512;   /* always 512-byte units in sysfs */
	d->sector_bytes = (unsigned)attr_u64(env, d->name, "queue/logical_block_size");
	d->removable = block_disk_removable(env->sys, d->name);
	d->usb = block_disk_on_usb(env->sys, d->name);
	serial_read(env, d);
	if (devno_read(env, d->name, &d->major, &d->minor) < 0) {
		snprintf(d->busy, sizeof d->busy, "it has no readable device number");
		return 0;
	}
	use_check(env, d, NULL, d->name, d->major, d->minor);
	return parts_check(env, d, not_disks, n_not, err);
}

static int info_cmp(const void *a, const void *b)
{
	return strcmp(((const struct disk_info *)a)->name, ((const struct disk_info *)b)->name);
}

int disk_scan(const struct disk_env *env, const char *const *not_disks, unsigned n_not,
	      struct disk_list *l, struct upd_error *err)
{
	char path[NU_PATH_MAX];
	struct dirent *de;
	unsigned i;
	DIR *dir;

	memset(l, 0, sizeof *l);
	if (mounts_read(env->mountinfo, err) < 0)
		return -1;
	if (snprintf(path, sizeof path, "%s/class/block", env->sys) >= (int)sizeof path)
		return upd_fail(err, UPD_ERR_SYS, "sysfs root %s is too long", env->sys);
	dir = opendir(path);
	if (dir == NULL)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", path, strerror(errno));
	while ((errno = 0, de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= BLOCK_NAME_MAX ||
		    attr_exists(env, de->d_name, "partition"))
			continue;
		if (l->n == DISKS_MAX) {
			(void)closedir(dir);
			return upd_fail(err, UPD_ERR_SYS, "%s lists more than %d disks", path,
					DISKS_MAX);
		}
		memcpy(l->d[l->n++].name, de->d_name, strlen(de->d_name) + 1);
	}
	if (errno != 0) {
		int e = errno;

		(void)closedir(dir);
		return upd_fail(err, UPD_ERR_SYS, "reading %s: %s", path, strerror(e));
	}
	(void)closedir(dir);
	qsort(l->d, l->n, sizeof l->d[0], info_cmp);
	for (i = 0; i < l->n; i++)
		if (disk_fill(env, &l->d[i], not_disks, n_not, err) < 0)
			return -1;
	return 0;
}

int disk_node(const struct disk_env *env, const struct disk_info *d, char *path, size_t cap,
	      struct upd_error *err)
{
	struct stat st;

	if (snprintf(path, cap, "%s/%s", env->dev, d->name) >= (int)cap)
		return upd_fail(err, UPD_ERR_SYS, "path %s/%s is too long", env->dev, d->name);
	if (stat(path, &st) < 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: %s", path, strerror(errno));
	if (!S_ISBLK(st.st_mode) || st.st_rdev != makedev(d->major, d->minor))
		return upd_fail(err, UPD_ERR_SYS, "%s is not the block device %u:%u that sysfs "
				"names for disk %s", path, d->major, d->minor, d->name);
	return 0;
}
