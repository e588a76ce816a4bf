#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "errbuf.h"
#include "install_media.h"
#include "partition_find.h"

/* The partition's sysfs directory sits inside its disk's: /sys/devices/.../block/sdb/sdb1. */
static int parent_disk(const char *devname, char disk[INSTALL_DISK_MAX], char *err, size_t errcap)
{
	char link[64], real[PATH_MAX], *slash;

	if (snprintf(link, sizeof link, "/sys/class/block/%s", devname) >= (int)sizeof link ||
	    realpath(link, real) == NULL) {
		err_set(err, errcap, "realpath /sys/class/block/%s: %s", devname, strerror(errno));
		return -1;
	}
	slash = strrchr(real, '/');
	if (slash == NULL)
		goto bad;
	*slash = '\0';
	slash = strrchr(real, '/');
	if (slash == NULL || strlen(slash + 1) >= INSTALL_DISK_MAX || slash[1] == '\0')
		goto bad;
	memcpy(disk, slash + 1, strlen(slash + 1) + 1);
	return 0;
bad:
	err_set(err, errcap, "no parent disk for %s in %s", devname, real);
	return -1;
}

int install_media_mount(const char *dir, char disk[INSTALL_DISK_MAX], char *err, size_t errcap)
{
	struct blockdev part;

	if (partition_find(INSTALL_MEDIA_LABEL, INSTALL_MEDIA_WAIT_MS, &part, err, errcap) != 0)
		return -1;
	if (parent_disk(part.devname, disk, err, errcap) != 0)
		return -1;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		err_set(err, errcap, "mkdir %s: %s", dir, strerror(errno));
		return -1;
	}
	/* read-only: the installer never writes to its media (the same stick installs the next node) */
	if (mount(part.path, dir, "vfat", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "shortname=mixed") != 0) {
		err_set(err, errcap, "mount %s (PARTLABEL=%s) on %s as vfat: %s", part.path,
			INSTALL_MEDIA_LABEL, dir, strerror(errno));
		return -1;
	}
	return 0;
}
