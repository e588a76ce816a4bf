#include "check.h"
#include "mounts_parse.h"

static struct mount_entry e[MOUNTS_MAX];
static size_t n;

static void lines_split_into_dir_and_type_in_order(void)
{
	char buf[] = "/dev/mapper/root / squashfs ro,nodev,relatime 0 0\n"
		     "dev /dev devtmpfs rw,nosuid,noexec 0 0\n"
		     "/dev/vda3 /var ext4 rw,nosuid,nodev 0 0\n"
		     "tmpfs /mnt/with\\040space tmpfs rw 0 0\n";

	CHECK_INT(mounts_parse(buf, sizeof buf - 1, e, MOUNTS_MAX, &n), 0);
	CHECK_INT(n, 4);
	CHECK_STR(e[0].dir, "/");
	CHECK_STR(e[0].fstype, "squashfs");
	CHECK_STR(e[2].dir, "/var");
	CHECK_STR(e[2].fstype, "ext4");
	CHECK_STR(e[3].dir, "/mnt/with space");
}

static void too_many_or_malformed_lines_fail(void)
{
	char two[] = "a /x tmpfs rw 0 0\nb /y tmpfs rw 0 0\n";
	char bad[] = "a /x\n";

	CHECK_INT(mounts_parse(two, sizeof two - 1, e, 1, &n), -1);
	CHECK_INT(mounts_parse(bad, sizeof bad - 1, e, MOUNTS_MAX, &n), -1);
}

static void shutdown_keeps_api_filesystems(void)
{
	CHECK_INT(umount_should_skip("/", "squashfs"), 1);
	CHECK_INT(umount_should_skip("/proc", "proc"), 1);
	CHECK_INT(umount_should_skip("/sys", "sysfs"), 1);
	CHECK_INT(umount_should_skip("/dev", "devtmpfs"), 1);
	CHECK_INT(umount_should_skip("/newroot/dev", "devtmpfs"), 1);
	CHECK_INT(umount_should_skip("/var", "ext4"), 0);
	CHECK_INT(umount_should_skip("/run", "tmpfs"), 0);
	CHECK_INT(umount_should_skip("/sys/fs/cgroup", "cgroup2"), 0);
	CHECK_INT(umount_should_skip("/dev/pts", "devpts"), 0);
}

int main(void)
{
	RUN(lines_split_into_dir_and_type_in_order);
	RUN(too_many_or_malformed_lines_fail);
	RUN(shutdown_keeps_api_filesystems);
	return check_done();
}
