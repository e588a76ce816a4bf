#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "errbuf.h"
#include "mount_plan.h"
#include "mounts_apply.h"

int path_is_mountpoint(const char *path)
{
	char parent[256];
	struct stat a, b;
	int n = snprintf(parent, sizeof parent, "%s/..", path);

	if (n < 0 || (size_t)n >= sizeof parent) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (stat(path, &a) != 0 || stat(parent, &b) != 0)
		return -1;
	return a.st_dev != b.st_dev;
}

int mounts_apply(unsigned phase, struct mounts_result *r, char *err, size_t errcap)
{
	size_t n, i;
	const struct mount_spec *plan = mount_plan(&n);
	struct stat st;

	memset(r, 0, sizeof *r);
	for (i = 0; i < n; i++) {
		const struct mount_spec *m = &plan[i];
		int mp;

		if ((m->when & MOUNT_AFTER_MODULES) != phase)
			continue;
		if ((m->when & MOUNT_IF_EFI) && stat("/sys/firmware/efi", &st) != 0) {
			if (errno != ENOENT) {
				err_set(err, errcap, "stat /sys/firmware/efi: %s", strerror(errno));
				return -1;
			}
			r->skipped++;
			continue;
		}
		/* the read-only root already has its directories; devtmpfs needs pts and shm made */
		if (mkdir(m->target, 0755) != 0 && errno != EEXIST && errno != EROFS) {
			err_set(err, errcap, "mkdir %s: %s", m->target, strerror(errno));
			return -1;
		}
		mp = path_is_mountpoint(m->target);
		if (mp < 0) {
			err_set(err, errcap, "stat %s: %s", m->target, strerror(errno));
			return -1;
		}
		if (mp == 1) {
			r->present++;
			continue;
		}
		if (mount(m->source, m->target, m->fstype, m->flags, m->data) != 0) {
			err_set(err, errcap, "mount %s on %s: %s", m->fstype, m->target, strerror(errno));
			return -1;
		}
		r->mounted++;
	}
	return 0;
}
