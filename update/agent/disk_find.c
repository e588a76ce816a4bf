#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "disk_find.h"
#include "fs_util.h"

/* Copies a NUL-terminated name that must fit cap (with its NUL). 0, or -1. */
static int name_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		return -1;
	memcpy(dst, src, n + 1);
	return 0;
}

static int copy_value(char *dst, size_t cap, const char *v, size_t n)
{
	if (n >= cap)
		return -1;
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

static int uint_value(const char *v, size_t n, unsigned *out)
{
	unsigned long long x = 0;
	size_t i;

	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		x = x * 10 + (unsigned)(v[i] - '0');
	}
	*out = (unsigned)x;
	return 0;
}

int uevent_parse(const char *text, size_t len, struct uevent *u, struct upd_error *err)
{
	size_t pos = 0;
	int have_major = 0, have_minor = 0;

	memset(u, 0, sizeof *u);
	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos), *eq;
		size_t n = nl != NULL ? (size_t)(nl - l) : len - pos, k, vn;
		const char *v;
		int rc = 0;

		pos += n + 1;
		eq = memchr(l, '=', n);
		if (eq == NULL)
			continue;
		k = (size_t)(eq - l);
		v = eq + 1;
		vn = n - k - 1;
#define KEY(s) (k == sizeof(s) - 1 && memcmp(l, s, k) == 0)
		if (KEY("DEVNAME"))
			rc = copy_value(u->devname, sizeof u->devname, v, vn);
		else if (KEY("DEVTYPE"))
			rc = copy_value(u->devtype, sizeof u->devtype, v, vn);
		else if (KEY("PARTNAME"))
			rc = copy_value(u->partname, sizeof u->partname, v, vn);
		else if (KEY("PARTN"))
			rc = uint_value(v, vn, &u->partn);
		else if (KEY("MAJOR"))
			rc = uint_value(v, vn, &u->major), have_major = 1;
		else if (KEY("MINOR"))
			rc = uint_value(v, vn, &u->minor), have_minor = 1;
#undef KEY
		if (rc < 0)
			return upd_fail(err, UPD_ERR_SYS, "uevent line \"%.*s\" has a bad value",
					(int)(n > 80 ? 80 : n), l);
	}
	u->has_dev = have_major && have_minor;
	if (u->devname[0] == '\0' || strchr(u->devname, '/') != NULL || u->devname[0] == '.')
		return upd_fail(err, UPD_ERR_SYS, "uevent has no plain DEVNAME");
	return 0;
}

int block_uevent_read(const char *name, struct uevent *u, struct upd_error *err)
{
	char path[NU_PATH_MAX], buf[UEVENT_MAX];
	size_t len;
	int rc;

	if (snprintf(path, sizeof path, "%s/%s/uevent", SYS_BLOCK_DIR, name) >= (int)sizeof path)
		return upd_fail(err, UPD_ERR_SYS, "block device name %s is too long", name);
	rc = file_read_small(path, buf, sizeof buf, &len, err);
	if (rc == 1)
		return upd_fail(err, UPD_ERR_SYS, "%s does not exist", path);
	if (rc < 0)
		return -1;
	if (uevent_parse(buf, len, u, err) < 0) {
		upd_error_prefix(err, "%s: ", path);
		return -1;
	}
	return 0;
}

int block_parent_disk(const char *part, char *disk, size_t cap, struct upd_error *err)
{
	char path[NU_PATH_MAX], real[PATH_MAX];
	const char *slash;

	if (snprintf(path, sizeof path, "%s/%s/..", SYS_BLOCK_DIR, part) >= (int)sizeof path)
		return upd_fail(err, UPD_ERR_SYS, "block device name %s is too long", part);
	if (realpath(path, real) == NULL)
		return upd_fail(err, UPD_ERR_SYS, "resolving %s: %s", path, strerror(errno));
	slash = strrchr(real, '/');
	if (slash == NULL || strlen(slash + 1) >= cap)
		return upd_fail(err, UPD_ERR_SYS, "parent of %s is %s: not a disk", part, real);
	memcpy(disk, slash + 1, strlen(slash + 1) + 1);
	return 0;
}

/* /dev/NAME must be the block device the uevent describes (no stale or planted node). */
static int part_fill(const char *name, const struct uevent *u, struct block_part *p,
		     struct upd_error *err)
{
	struct stat st;

	if (name_copy(p->name, sizeof p->name, name) < 0)
		return upd_fail(err, UPD_ERR_SYS, "block device name %s is too long", name);
	memcpy(p->dev, "/dev/", 5);
	memcpy(p->dev + 5, u->devname, strlen(u->devname) + 1);
	memcpy(p->label, u->partname, sizeof p->label);
	p->partn = u->partn;
	if (stat(p->dev, &st) < 0)
		return upd_fail(err, UPD_ERR_SYS, "%s (partition %s): %s", p->dev, p->label,
				strerror(errno));
	if (!S_ISBLK(st.st_mode) || !u->has_dev ||
	    st.st_rdev != makedev(u->major, u->minor))
		return upd_fail(err, UPD_ERR_SYS, "%s is not the block device %u:%u of partition %s",
				p->dev, u->major, u->minor, p->label);
	return 0;
}

/* Partitions labelled want (on disk, or anywhere when disk is NULL): count and the first. */
static int parts_labelled(const char *disk, const char *want, struct block_part *first,
			  char names[][BLOCK_NAME_MAX], unsigned *count, struct upd_error *err)
{
	DIR *dir = opendir(SYS_BLOCK_DIR);
	struct dirent *de;

	*count = 0;
	if (dir == NULL)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", SYS_BLOCK_DIR, strerror(errno));
	while ((errno = 0, de = readdir(dir)) != NULL) {
		struct uevent u;
		char parent[BLOCK_NAME_MAX];

		if (de->d_name[0] == '.')
			continue;
		if (block_uevent_read(de->d_name, &u, err) < 0)
			goto fail;
		if (strcmp(u.devtype, "partition") != 0 || strcmp(u.partname, want) != 0)
			continue;
		if (block_parent_disk(de->d_name, parent, sizeof parent, err) < 0)
			goto fail;
		if (disk != NULL && strcmp(parent, disk) != 0)
			continue;
		if (*count == 0 && part_fill(de->d_name, &u, first, err) < 0)
			goto fail;
		if (*count < 4 && name_copy(names[*count], BLOCK_NAME_MAX, de->d_name) < 0)
			memcpy(names[*count], "?", 2);
		(*count)++;
	}
	if (errno != 0) {
		upd_fail(err, UPD_ERR_SYS, "reading %s: %s", SYS_BLOCK_DIR, strerror(errno));
		goto fail;
	}
	(void)closedir(dir);
	return 0;
fail:
	(void)closedir(dir);
	return -1;
}

/* The partition under the device mounted on /: the dm-verity device's only slave, or the
 * device itself. 1 with its sysfs name and uevent, 0 when there is none. */
static int root_partition(char *name, size_t cap, struct uevent *u)
{
	char path[NU_PATH_MAX], real[PATH_MAX];
	struct dirent *de;
	struct stat st;
	const char *base;
	DIR *dir;
	int found = 0;

	if (stat("/", &st) < 0)
		return 0;
	snprintf(path, sizeof path, "/sys/dev/block/%u:%u", major(st.st_dev), minor(st.st_dev));
	if (realpath(path, real) == NULL)
		return 0;
	if (snprintf(path, sizeof path, "%s/slaves", real) >= (int)sizeof path)
		return 0;
	dir = opendir(path);
	if (dir != NULL) {
		while ((de = readdir(dir)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			/* more than one slave: not the single-partition verity root we know */
			if (found++ || name_copy(name, cap, de->d_name) < 0) {
				found = 0;
				break;
			}
		}
		(void)closedir(dir);
	}
	if (!found) {
		base = strrchr(real, '/') != NULL ? strrchr(real, '/') + 1 : real;
		if (name_copy(name, cap, base) < 0)
			return 0;
	}
	if (block_uevent_read(name, u, NULL) < 0 || strcmp(u->devtype, "partition") != 0)
		return 0;
	return 1;
}

int root_partition_label(char *label, size_t cap)
{
	char name[BLOCK_NAME_MAX];
	struct uevent u;

	if (!root_partition(name, sizeof name, &u) || u.partname[0] == '\0')
		return 0;
	return name_copy(label, cap, u.partname) == 0;
}

/* The disk of the partition under /, if that partition is labelled want. */
static int root_slave(const char *want, char *disk, size_t cap, struct upd_error *err)
{
	char name[BLOCK_NAME_MAX];
	struct uevent u;

	if (!root_partition(name, sizeof name, &u) || strcmp(u.partname, want) != 0)
		return 0;
	return block_parent_disk(name, disk, cap, err) == 0;
}

static int disk_of_booted(char booted, char *disk, size_t cap, struct upd_error *err)
{
	char want[16], names[4][BLOCK_NAME_MAX];
	struct block_part first;
	unsigned count;

	snprintf(want, sizeof want, "%s%c", PART_LABEL_ROOT, booted);
	if (parts_labelled(NULL, want, &first, names, &count, err) < 0)
		return -1;
	if (count == 0)
		return upd_fail(err, UPD_ERR_SYS, "no partition is labelled %s (the booted slot)",
				want);
	if (count == 1)
		return block_parent_disk(first.name, disk, cap, err);
	if (root_slave(want, disk, cap, err))
		return 0;
	return upd_fail(err, UPD_ERR_SYS,
			"%u partitions are labelled %s (%s, %s%s) and none is under the running "
			"root: pass --disk", count, want, names[0], names[1], count > 2 ? ", ..." : "");
}

static int one_part(const char *disk, const char *label, struct block_part *p,
		    struct upd_error *err)
{
	char names[4][BLOCK_NAME_MAX];
	unsigned count;

	if (parts_labelled(disk, label, p, names, &count, err) < 0)
		return -1;
	if (count == 0)
		return upd_fail(err, UPD_ERR_SYS, "disk %s has no partition labelled %s", disk, label);
	if (count > 1)
		return upd_fail(err, UPD_ERR_SYS, "disk %s has %u partitions labelled %s (%s, %s)",
				disk, count, label, names[0], names[1]);
	return 0;
}

int node_disk_find(const char *disk, char booted, struct node_disk *d, struct upd_error *err)
{
	char label[16];
	struct uevent u;
	unsigned i;

	memset(d, 0, sizeof *d);
	if (disk != NULL) {
		char real[PATH_MAX];
		const char *base;

		if (realpath(disk, real) == NULL)
			return upd_fail(err, UPD_ERR_SYS, "--disk %s: %s", disk, strerror(errno));
		base = strrchr(real, '/') != NULL ? strrchr(real, '/') + 1 : real;
		if (block_uevent_read(base, &u, err) < 0)
			return -1;
		if (strcmp(u.devtype, "disk") != 0)
			return upd_fail(err, UPD_ERR_SYS, "--disk %s is a %s, not a whole disk", disk,
					u.devtype[0] ? u.devtype : "device of unknown type");
		if (name_copy(d->disk, sizeof d->disk, base) < 0)
			return upd_fail(err, UPD_ERR_SYS, "--disk %s: name too long", disk);
	} else if (disk_of_booted(booted, d->disk, sizeof d->disk, err) < 0) {
		return -1;
	}
	if (one_part(d->disk, PART_LABEL_ESP, &d->esp, err) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		snprintf(label, sizeof label, "%s%c", PART_LABEL_ROOT, 'a' + i);
		if (one_part(d->disk, label, &d->root[i], err) < 0)
			return -1;
	}
	return 0;
}
