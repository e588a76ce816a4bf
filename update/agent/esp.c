#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "esp.h"

/* A mount point is a directory on another device than its parent. */
static int is_mountpoint(const char *dir)
{
	char parent[NU_PATH_MAX];
	struct stat a, b;

	if (snprintf(parent, sizeof parent, "%s/..", dir) >= (int)sizeof parent)
		return 0;
	if (stat(dir, &a) < 0 || stat(parent, &b) < 0)
		return 0;
	return a.st_dev != b.st_dev;
}

int esp_mount(struct esp *e, const char *dev, const char *mountpoint, struct upd_error *err)
{
	struct statfs sf;
	struct stat st;

	memset(e, 0, sizeof *e);
	if (snprintf(e->mountpoint, sizeof e->mountpoint, "%s", mountpoint) >=
		    (int)sizeof e->mountpoint ||
	    path_join(e->linux_dir, sizeof e->linux_dir, mountpoint, ESP_LINUX_DIR, err) < 0)
		return upd_fail(err, UPD_ERR_SYS, "ESP mount point %s is too long", mountpoint);
	if (dir_make(mountpoint, 0700, err) < 0)
		return -1;
	if (is_mountpoint(mountpoint) && umount2(mountpoint, MNT_DETACH) < 0)
		return upd_fail(err, UPD_ERR_SYS, "detaching the stale mount on %s: %s", mountpoint,
				strerror(errno));
	if (mount(dev, mountpoint, ESP_FS_TYPE, MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME,
		  "") < 0)
		return upd_fail(err, UPD_ERR_SYS, "mounting the ESP %s on %s (vfat): %s", dev,
				mountpoint, strerror(errno));
	e->mounted = 1;
	if (statfs(mountpoint, &sf) < 0 || sf.f_type != MSDOS_SUPER_MAGIC_) {
		if (esp_unmount(e, NULL) < 0)
			e->mounted = 0;  /* the next run detaches it */
		return upd_fail(err, UPD_ERR_SYS, "%s mounted on %s is not a FAT file system", dev,
				mountpoint);
	}
	if (stat(e->linux_dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		if (dir_make(e->linux_dir, 0755, err) < 0 ||
		    dir_fsync(e->mountpoint, err) < 0) {
			upd_error_prefix(err, "ESP has no %s: ", ESP_LINUX_DIR);
			if (esp_unmount(e, NULL) < 0)
				e->mounted = 0;  /* the next run detaches it */
			return -1;
		}
	}
	return 0;
}

int esp_unmount(struct esp *e, struct upd_error *err)
{
	int tries;

	if (!e->mounted)
		return 0;
	for (tries = 0; tries < 10; tries++) {
		if (umount2(e->mountpoint, 0) == 0) {
			e->mounted = 0;
			return 0;
		}
		if (errno != EBUSY)
			break;
		(void)usleep(100000);
	}
	if (errno == EBUSY && umount2(e->mountpoint, MNT_DETACH) == 0) {
		e->mounted = 0;
		return 0;
	}
	return upd_fail(err, UPD_ERR_SYS, "unmounting the ESP from %s: %s", e->mountpoint,
			strerror(errno));
}

int esp_scan(const struct esp *e, struct esp_entries *entries, struct upd_error *err)
{
	DIR *dir = opendir(e->linux_dir);
	struct dirent *de;

	esp_entries_init(entries);
	if (dir == NULL)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", e->linux_dir, strerror(errno));
	while ((errno = 0, de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (esp_entries_add(entries, de->d_name, err) < 0) {
			(void)closedir(dir);
			upd_error_prefix(err, "%s: ", e->linux_dir);
			return -1;
		}
	}
	if (errno != 0) {
		int e2 = errno;

		(void)closedir(dir);
		return upd_fail(err, UPD_ERR_SYS, "reading %s: %s", e->linux_dir, strerror(e2));
	}
	(void)closedir(dir);
	esp_entries_done(entries);
	return 0;
}

int esp_apply(const struct esp *e, const struct entry_plan *p, struct upd_error *err)
{
	char from[NU_PATH_MAX], to[NU_PATH_MAX];
	unsigned i;

	for (i = 0; i < p->n; i++) {
		const struct entry_op *o = &p->op[i];

		if (path_join(from, sizeof from, e->linux_dir, o->from, err) < 0)
			return -1;
		if (o->kind == ENTRY_REMOVE) {
			if (unlink(from) < 0 && errno != ENOENT)
				return upd_fail(err, UPD_ERR_SYS, "removing %s: %s", from,
						strerror(errno));
		} else {
			if (path_join(to, sizeof to, e->linux_dir, o->to, err) < 0)
				return -1;
			if (rename(from, to) < 0)
				return upd_fail(err, UPD_ERR_SYS, "renaming %s to %s: %s", from, o->to,
						strerror(errno));
		}
		if (dir_fsync(e->linux_dir, err) < 0)
			return -1;
	}
	return 0;
}
