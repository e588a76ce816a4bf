#include <sys/mount.h>

#include "mount_plan.h"

static const struct mount_spec plan[] = {
	{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0 },
	{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0 },
	{ "dev", "/dev", "devtmpfs", MS_NOSUID | MS_NOEXEC, NULL, 0 },
	{ "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=620,ptmxmode=666", 0 },
	{ "shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", 0 },
	{ "run", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755", 0 },
	{ "tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", 0 },
	{ "cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0 },
	/* the update agent blesses boots through EFI variables (REFERENCE C.2) */
	{ "efivarfs", "/sys/firmware/efi/efivars", "efivarfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL,
	  MOUNT_AFTER_MODULES | MOUNT_IF_EFI },
};

const struct mount_spec *mount_plan(size_t *count)
{
	*count = sizeof plan / sizeof plan[0];
	return plan;
}
