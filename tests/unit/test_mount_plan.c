#include <sys/mount.h>

#include "check.h"
#include "mount_plan.h"

static const struct mount_spec *plan;
static size_t n;

static long index_of(const char *target)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(plan[i].target, target) == 0)
			return (long)i;
	return -1;
}

static const struct mount_spec *entry(const char *target)
{
	long i = index_of(target);

	return i < 0 ? NULL : &plan[i];
}

static void every_required_mount_is_planned(void)
{
	static const char *const want[] = { "/proc", "/sys", "/dev", "/dev/pts", "/dev/shm", "/run",
					    "/tmp", "/sys/fs/cgroup", "/sys/firmware/efi/efivars" };
	size_t i;

	plan = mount_plan(&n);
	CHECK_INT(n, 9);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		CHECK(index_of(want[i]) >= 0);
}

static void parents_are_mounted_before_children(void)
{
	size_t i, j;

	plan = mount_plan(&n);
	CHECK(index_of("/proc") < index_of("/sys/fs/cgroup"));
	CHECK(index_of("/sys") < index_of("/sys/fs/cgroup"));
	CHECK(index_of("/dev") < index_of("/dev/pts"));
	CHECK(index_of("/dev") < index_of("/dev/shm"));
	/* general rule: nothing is mounted under a target that comes later */
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			size_t l = strlen(plan[j].target);

			CHECK(!(strncmp(plan[i].target, plan[j].target, l) == 0 &&
				plan[i].target[l] == '/'));
		}
	}
}

static void filesystem_types_are_right(void)
{
	plan = mount_plan(&n);
	CHECK_STR(entry("/proc")->fstype, "proc");
	CHECK_STR(entry("/sys")->fstype, "sysfs");
	CHECK_STR(entry("/dev")->fstype, "devtmpfs");
	CHECK_STR(entry("/dev/pts")->fstype, "devpts");
	CHECK_STR(entry("/dev/shm")->fstype, "tmpfs");
	CHECK_STR(entry("/run")->fstype, "tmpfs");
	CHECK_STR(entry("/tmp")->fstype, "tmpfs");
	CHECK_STR(entry("/sys/fs/cgroup")->fstype, "cgroup2");
	CHECK_STR(entry("/sys/firmware/efi/efivars")->fstype, "efivarfs");
}

static void every_mount_is_nosuid(void)
{
	size_t i;

	plan = mount_plan(&n);
	for (i = 0; i < n; i++)
		CHECK(plan[i].flags & MS_NOSUID);
}

static void nodev_and_noexec_where_stated(void)
{
	plan = mount_plan(&n);
	CHECK((entry("/proc")->flags & (MS_NODEV | MS_NOEXEC)) == (MS_NODEV | MS_NOEXEC));
	CHECK((entry("/sys")->flags & (MS_NODEV | MS_NOEXEC)) == (MS_NODEV | MS_NOEXEC));
	CHECK((entry("/sys/fs/cgroup")->flags & (MS_NODEV | MS_NOEXEC)) == (MS_NODEV | MS_NOEXEC));
	CHECK(entry("/dev/shm")->flags & MS_NODEV);
	CHECK(entry("/run")->flags & MS_NODEV);
	CHECK(entry("/tmp")->flags & MS_NODEV);
	CHECK(entry("/dev/pts")->flags & MS_NOEXEC);
	CHECK(entry("/dev")->flags & MS_NOEXEC);
	/* device nodes must work on /dev itself and the ptys */
	CHECK(!(entry("/dev")->flags & MS_NODEV));
	CHECK(!(entry("/dev/pts")->flags & MS_NODEV));
	CHECK(!(entry("/dev")->flags & MS_RDONLY));
}

static void options_set_modes_and_pty_group(void)
{
	plan = mount_plan(&n);
	CHECK_STR(entry("/dev/pts")->data, "gid=5,mode=620,ptmxmode=666");
	CHECK_STR(entry("/run")->data, "mode=755");
	CHECK_STR(entry("/tmp")->data, "mode=1777");
}

static void efivarfs_waits_for_modules_and_efi(void)
{
	size_t i;

	plan = mount_plan(&n);
	CHECK_INT(entry("/sys/firmware/efi/efivars")->when, MOUNT_AFTER_MODULES | MOUNT_IF_EFI);
	for (i = 0; i < n; i++)
		if (strcmp(plan[i].target, "/sys/firmware/efi/efivars") != 0)
			CHECK_INT(plan[i].when, 0);
}

int main(void)
{
	RUN(every_required_mount_is_planned);
	RUN(parents_are_mounted_before_children);
	RUN(filesystem_types_are_right);
	RUN(every_mount_is_nosuid);
	RUN(nodev_and_noexec_where_stated);
	RUN(options_set_modes_and_pty_group);
	RUN(efivarfs_waits_for_modules_and_efi);
	return check_done();
}
