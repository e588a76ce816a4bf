#include <errno.h>
#include <string.h>
#include <sys/mount.h>

#include "data_mount.h"
#include "fileio.h"
#include "mounts_parse.h"
#include "status.h"
#include "umount_all.h"

#define MOUNTS_FILE_MAX (64 * 1024)

static char mounts_buf[MOUNTS_FILE_MAX];
static struct mount_entry entries[MOUNTS_MAX];

enum var_result { VAR_NOT_MOUNTED, VAR_UNMOUNTED, VAR_REMOUNTED_RO, VAR_FAILED };

void umount_all(void)
{
	enum var_result var = VAR_NOT_MOUNTED;
	int var_umount_errno = 0, var_remount_errno = 0;
	unsigned unmounted = 0, remounted = 0, failed = 0;
	size_t len, count, i;

	/* one byte kept free: the parser NUL-terminates the last field in place */
	if (file_read_all("/proc/self/mounts", mounts_buf, sizeof mounts_buf - 1, &len) != 0) {
		status_fail("shutdown", "read /proc/self/mounts: %s; data filesystem left as is",
			    strerror(errno));
		return;
	}
	if (mounts_parse(mounts_buf, len, entries, MOUNTS_MAX, &count) != 0) {
		status_fail("shutdown", "parse /proc/self/mounts: malformed or over %d entries; data filesystem left as is",
			    MOUNTS_MAX);
		return;
	}
	for (i = count; i-- > 0;) {
		const char *dir = entries[i].dir;
		int is_var = strcmp(dir, DATA_MOUNTPOINT) == 0;
		int e;

		if (umount_should_skip(dir, entries[i].fstype))
			continue;
		if (umount2(dir, 0) == 0) {
			unmounted++;
			if (is_var)
				var = VAR_UNMOUNTED;
			continue;
		}
		e = errno;
		if (e == EINVAL)
			continue;	/* gone already (listed twice, or went with its parent) */
		if (e == EBUSY && mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0) {
			remounted++;
			if (is_var)
				var = VAR_REMOUNTED_RO;
			continue;
		}
		failed++;
		if (is_var) {
			var = VAR_FAILED;
			var_umount_errno = e;
			var_remount_errno = e == EBUSY ? errno : 0;
		}
	}
	status_line("shutdown", "unmounted %u filesystems, %u remounted read-only, %u failed",
		    unmounted, remounted, failed);
	switch (var) {
	case VAR_UNMOUNTED:
		status_line("shutdown", "data filesystem unmounted");
		break;
	case VAR_REMOUNTED_RO:
		status_line("shutdown", "data filesystem remounted read-only");
		break;
	case VAR_FAILED:
		status_fail("shutdown", "data filesystem %s: unmount: %s; remount read-only: %s",
			    DATA_MOUNTPOINT, strerror(var_umount_errno),
			    var_remount_errno ? strerror(var_remount_errno) : "not tried");
		break;
	case VAR_NOT_MOUNTED:
	default:
		status_line("shutdown", "data filesystem was not mounted");
		break;
	}
}
