#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "agent.h"
#include "block_sysfs.h"
#include "media.h"

/* What a USB stick carries; ext4 without journal replay ("noload"), which would write to it. */
static const struct {
	const char *type, *options;
} media_fs[] = {
	{ "vfat", "utf8,shortname=mixed" },
	{ "ext4", "noload" },
};

#define MEDIA_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME)

/* 1 if the disk is removable or hangs off a USB bus (USB disks often say removable=0). */
static int disk_is_media(const char *disk)
{
	return block_disk_removable(SYSFS_ROOT, disk) || block_disk_on_usb(SYSFS_ROOT, disk);
}

/* 1 if the whole disk has partitions (then those are mounted, not the disk). */
static int disk_has_partitions(const char *disk)
{
	char path[NU_PATH_MAX];
	struct dirent *de;
	size_t n = strlen(disk);
	int found = 0;
	DIR *d;

	if (snprintf(path, sizeof path, "/sys/block/%s", disk) >= (int)sizeof path ||
	    (d = opendir(path)) == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL)
		found = strncmp(de->d_name, disk, n) == 0 && de->d_name[n] != '\0';
	(void)closedir(d);
	return found;
}

/* 1 if the device has sectors (an empty card reader has none). */
static int has_size(const char *name)
{
	char path[NU_PATH_MAX], buf[32];
	size_t len;

	return snprintf(path, sizeof path, "%s/%s/size", SYS_BLOCK_DIR, name) < (int)sizeof path &&
	       file_read_small(path, buf, sizeof buf, &len, NULL) == 0 &&
	       strtoull(buf, NULL, 10) > 0;
}

static struct media_mount *find(struct media_set *s, const char *name)
{
	unsigned i;

	for (i = 0; i < MEDIA_MAX; i++)
		if (strcmp(s->m[i].name, name) == 0)
			return &s->m[i];
	return NULL;
}

static void release(struct media_mount *m, const char *why)
{
	if (m->mounted) {
		if (umount2(m->path, MNT_DETACH) != 0)
			agent_warn("watch: unmounting %s: %s", m->path, strerror(errno));
		else
			printf("watch: /dev/%s %s: unmounted %s\n", m->name, why, m->path);
	}
	if (rmdir(m->path) != 0 && errno != ENOENT)
		agent_warn("watch: removing %s: %s", m->path, strerror(errno));
	memset(m, 0, sizeof *m);
}

static void attach(struct media_set *s, const char *name, dev_t devt)
{
	char dev[BLOCK_NAME_MAX + 8], why[2][160];
	struct media_mount *m = find(s, "");
	size_t n = strlen(name);
	struct upd_error err;
	struct stat st;
	unsigned k;

	if (n >= sizeof m->name)
		return;	/* no kernel block name is this long */
	if (m == NULL) {
		agent_warn("watch: /dev/%s: already %d media mounted; not this one", name, MEDIA_MAX);
		return;
	}
	memcpy(m->name, name, n + 1);
	m->devt = devt;
	m->seen = 1;
	memcpy(dev, "/dev/", 5);
	memcpy(dev + 5, name, n + 1);
	if (snprintf(m->path, sizeof m->path, "%s/%s", s->root, name) >= (int)sizeof m->path) {
		agent_warn("watch: %s/%s: path too long", s->root, name);
		return;
	}
	/* the device node must be the device sysfs names: no stale or planted node */
	if (stat(dev, &st) != 0 || !S_ISBLK(st.st_mode) || st.st_rdev != devt) {
		agent_warn("watch: %s is not the block device %u:%u: not mounted", dev,
			   major(devt), minor(devt));
		return;
	}
	if (dir_make(s->root, 0755, &err) < 0 || dir_make(m->path, 0700, &err) < 0) {
		agent_warn("watch: %s", err.msg);
		return;
	}
	for (k = 0; k < sizeof media_fs / sizeof media_fs[0]; k++) {
		if (mount(dev, m->path, media_fs[k].type, MEDIA_FLAGS, media_fs[k].options) == 0) {
			m->mounted = 1;
			printf("watch: %s (%s) mounted read-only, nosuid, nodev, noexec on %s\n", dev,
			       media_fs[k].type, m->path);
			return;
		}
		snprintf(why[k], sizeof why[k], "%s: %s", media_fs[k].type, strerror(errno));
	}
	agent_warn("watch: %s: not mounted (%s; %s); ignored until it is removed", dev, why[0],
		   why[1]);
	(void)rmdir(m->path);
}

void media_refresh(struct media_set *s)
{
	struct dirent *de;
	unsigned i;
	DIR *d = opendir(SYS_BLOCK_DIR);

	for (i = 0; i < MEDIA_MAX; i++)
		s->m[i].seen = 0;
	if (d == NULL) {
		agent_warn("watch: opening %s: %s", SYS_BLOCK_DIR, strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		char disk[BLOCK_NAME_MAX];
		struct media_mount *m;
		struct upd_error err;
		struct uevent u;
		dev_t devt;
		int part;

		if (de->d_name[0] == '.' || block_uevent_read(de->d_name, &u, &err) < 0 ||
		    !u.has_dev)
			continue;
		part = strcmp(u.devtype, "partition") == 0;
		if (!part && strcmp(u.devtype, "disk") != 0)
			continue;
		if (part ? block_parent_disk(de->d_name, disk, sizeof disk, &err) < 0
			 : snprintf(disk, sizeof disk, "%s", de->d_name) >= (int)sizeof disk)
			continue;
		if ((s->own_disk != NULL && strcmp(disk, s->own_disk) == 0) ||
		    !disk_is_media(disk) || (!part && disk_has_partitions(disk)) ||
		    !has_size(de->d_name))
			continue;
		devt = makedev(u.major, u.minor);
		m = find(s, de->d_name);
		if (m != NULL && m->devt == devt) {
			m->seen = 1;
			continue;
		}
		if (m != NULL)
			release(m, "was replaced");
		attach(s, de->d_name, devt);
	}
	(void)closedir(d);
	for (i = 0; i < MEDIA_MAX; i++)
		if (s->m[i].name[0] != '\0' && !s->m[i].seen)
			release(&s->m[i], "went away");
}
