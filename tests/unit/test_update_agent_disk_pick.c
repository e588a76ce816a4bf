/* Which disk the installer overwrites, on a fake sysfs tree in a temporary directory (devices
 * under devices/, class/block/ and block/ linking to them, as the kernel lays them out): whole
 * disks only; never loop, RAM, device-mapper, RAID, optical or eMMC boot devices, an empty one,
 * one named by --not-disk, one with a mounted or held partition, one too small; the first that
 * is neither removable nor on USB; a serial from virtio, NVMe or SCSI; two disks with a serial
 * refused. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "disk_choose.h"
#include "disk_scan.h"
#include "node_layout.h"

#define GiB (1024ull * 1024 * 1024)
#define PCI "devices/pci0000:00"
#define USB PCI "/0000:00:14.0/usb1/1-1/1-1:1.0/host6/target6:0:0/6:0:0:0"
#define VIRT "devices/virtual"

static char root[] = "/tmp/test_disk_pick.XXXXXX";
static char sys[64], dev[64], mountinfo[80];
static struct disk_env env;
static struct disk_list l;
static struct upd_error err;
static unsigned chosen;

static void die(const char *what)
{
	fprintf(stderr, "test_disk_pick: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void mkdirs(const char *path)
{
	char p[512];
	size_t i;

	snprintf(p, sizeof p, "%s", path);
	for (i = 1; p[i]; i++)
		if (p[i] == '/') {
			p[i] = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST)
				die(p);
			p[i] = '/';
		}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		die(p);
}

static void put(const char *text, size_t len, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	int fd;

	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || close(fd) < 0)
		die(path);
}

#define PUTS(text, ...) put(text, strlen(text), __VA_ARGS__)

static void link_to(const char *target, const char *fmt, const char *name)
{
	char path[512];

	snprintf(path, sizeof path, fmt, sys, name);
	if (symlink(target, path) < 0)
		die(path);
}

/* A whole disk at devices/<parent>/block/<name>, linked from class/block and block. */
static void disk(const char *parent, const char *name, unsigned minor, unsigned long long sectors,
		 int removable)
{
	char d[512], text[64];

	snprintf(d, sizeof d, "%s/%s/block/%s", sys, parent, name);
	mkdirs(d);
	snprintf(text, sizeof text, "%d:%u\n", 253, minor);
	PUTS(text, "%s/dev", d);
	snprintf(text, sizeof text, "%llu\n", sectors);
	PUTS(text, "%s/size", d);
	PUTS(removable ? "1\n" : "0\n", "%s/removable", d);
	snprintf(d, sizeof d, "%s/%s/block/%s/queue", sys, parent, name);
	mkdirs(d);
	PUTS("512\n", "%s/logical_block_size", d);
	snprintf(d, sizeof d, "../../%s/block/%s", parent, name);
	link_to(d, "%s/class/block/%s", name);
	snprintf(d, sizeof d, "../%s/block/%s", parent, name);
	link_to(d, "%s/block/%s", name);
}

static void part(const char *parent, const char *disk_name, const char *name, unsigned minor)
{
	char d[512], text[64];

	snprintf(d, sizeof d, "%s/%s/block/%s/%s", sys, parent, disk_name, name);
	mkdirs(d);
	snprintf(text, sizeof text, "253:%u\n", minor);
	PUTS(text, "%s/dev", d);
	PUTS("1\n", "%s/partition", d);
	snprintf(d, sizeof d, "../../%s/block/%s/%s", parent, disk_name, name);
	link_to(d, "%s/class/block/%s", name);
}

static void mounts(const char *text)
{
	PUTS(text, "%s", mountinfo);
}

static int scan(const char *const *not_disks, unsigned n)
{
	return disk_scan(&env, not_disks, n, &l, &err);
}

/* The scanned disk called name: the tests ask only for disks they made. */
static const struct disk_info *find(const char *name)
{
	static struct disk_info none;
	unsigned i;

	for (i = 0; i < l.n; i++)
		if (strcmp(l.d[i].name, name) == 0)
			return &l.d[i];
	snprintf(none.name, sizeof none.name, "(no %s)", name);
	return &none;
}

static int choose(enum provision_disk_rule rule, const char *arg)
{
	return disk_choose(&l, rule, arg, node_layout_min_bytes(), &chosen, &err);
}

/* A fresh tree: the root file system mounted from 8:1, nothing of the disks'. */
static void fresh(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s/sys %s/dev", root, root);
	if (system(cmd) != 0)
		die("rm");
	snprintf(cmd, sizeof cmd, "%s/class/block", sys);
	mkdirs(cmd);
	snprintf(cmd, sizeof cmd, "%s/block", sys);
	mkdirs(cmd);
	mkdirs(dev);
	mounts("22 1 0:21 / /proc rw - proc proc rw\n28 1 8:1 / / ro - squashfs /dev/root ro\n");
}

static void first_non_removable_takes_the_first_disk_by_name(void)
{
	fresh();
	disk(PCI "/0000:00:06.0/virtio3", "vdb", 16, 20 * GiB / 512, 0);
	disk(PCI "/0000:00:05.0/virtio2", "vda", 0, 20 * GiB / 512, 0);
	part(PCI "/0000:00:05.0/virtio2", "vda", "vda1", 1);
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_INT(l.n, 2);                     /* vda1 is a partition, not a disk */
	CHECK_STR(l.d[0].name, "vda");
	CHECK_INT(choose(DISK_RULE_FIRST_NON_REMOVABLE, ""), 0);
	CHECK_STR(l.d[chosen].name, "vda");
	CHECK_STR(l.d[1].why, "not the first");
}

static void removable_and_usb_disks_are_not_first_non_removable(void)
{
	fresh();
	disk(USB, "sda", 0, 16 * GiB / 512, 0);                  /* a stick that says 0 */
	disk(PCI "/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0", "sdb", 16, 16 * GiB / 512, 1);
	disk(PCI "/0000:00:05.0/virtio2", "vda", 32, 20 * GiB / 512, 0);
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_INT(find("sda")->usb, 1);
	CHECK_INT(find("sdb")->removable, 1);
	CHECK_INT(choose(DISK_RULE_FIRST_NON_REMOVABLE, ""), 0);
	CHECK_STR(l.d[chosen].name, "vda");
	CHECK_STR(find("sda")->why, "on a USB bus");
	CHECK_STR(find("sdb")->why, "removable");
}

static void loop_ram_dm_md_optical_and_emmc_boot_devices_are_never_targets(void)
{
	static const char *const never[] = { "loop0", "ram0", "zram0", "dm-0", "md127", "sr0",
					     "mmcblk0boot0" };
	size_t i;

	fresh();
	for (i = 0; i < sizeof never / sizeof never[0]; i++)
		disk(VIRT "/block", never[i], 100 + (unsigned)i, 20 * GiB / 512, 0);
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_INT(choose(DISK_RULE_FIRST_NON_REMOVABLE, ""), -1);
	CHECK_INT(err.kind, UPD_ERR_POLICY);
	CHECK_CONTAINS(err.msg, "no disk fits `disk first-non-removable`: of the 7 disks seen");
	CHECK_STR(find("loop0")->why, "a loop device, never a target");
	CHECK_STR(find("mmcblk0boot0")->why, "an eMMC boot partition, never a target");
	/* the listing says why under any rule */
	CHECK_INT(choose(DISK_RULE_SERIAL, "S1"), -1);
	CHECK_STR(find("loop0")->why, "a loop device, never a target");
	/* even when named */
	CHECK_INT(choose(DISK_RULE_NAME, "dm-0"), -1);
	CHECK_STR(err.msg, "disk dm-0 (`disk name dm-0`) cannot be the target: a device-mapper "
		  "device, never a target");
}

static void an_empty_disk_is_not_a_target(void)
{
	fresh();
	disk(USB, "sda", 0, 0, 1);
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_INT(choose(DISK_RULE_NAME, "sda"), -1);
	CHECK_CONTAINS(err.msg, "cannot be the target: empty (size 0)");
}

static void a_disk_named_by_not_disk_is_never_taken(void)
{
	const char *const not_disks[] = { "vda" };
	const char *const not_parts[] = { "vda1" };

	fresh();
	disk(PCI "/0000:00:05.0/virtio2", "vda", 0, 20 * GiB / 512, 0);
	part(PCI "/0000:00:05.0/virtio2", "vda", "vda1", 1);
	disk(PCI "/0000:00:06.0/virtio3", "vdb", 16, 20 * GiB / 512, 0);
	CHECK_INT(scan(not_disks, 1), 0);
	CHECK_INT(choose(DISK_RULE_FIRST_NON_REMOVABLE, ""), 0);
	CHECK_STR(l.d[chosen].name, "vdb");
	CHECK_STR(find("vda")->why, "named by --not-disk (the installer's medium)");
	/* a partition of it named instead: the same */
	CHECK_INT(scan(not_parts, 1), 0);
	CHECK_INT(choose(DISK_RULE_NAME, "vda"), -1);
	CHECK_CONTAINS(err.msg, "named by --not-disk");
}

static void a_disk_with_a_mounted_partition_is_not_a_target(void)
{
	fresh();
	disk(PCI "/0000:00:05.0/virtio2", "vda", 0, 20 * GiB / 512, 0);
	part(PCI "/0000:00:05.0/virtio2", "vda", "vda1", 1);
	part(PCI "/0000:00:05.0/virtio2", "vda", "vda2", 2);
	disk(PCI "/0000:00:06.0/virtio3", "vdb", 16, 20 * GiB / 512, 0);
	mounts("22 1 0:21 / /proc rw - proc proc rw\n"
	       "40 1 253:2 / /mnt/install ro,relatime - vfat /dev/vda2 ro\n");
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_STR(find("vda")->busy, "partition vda2 is mounted");
	CHECK_INT(choose(DISK_RULE_FIRST_NON_REMOVABLE, ""), 0);
	CHECK_STR(l.d[chosen].name, "vdb");
	CHECK_INT(choose(DISK_RULE_NAME, "vda"), -1);
	CHECK_STR(err.msg, "disk vda (`disk name vda`) cannot be the target: in use: partition "
		  "vda2 is mounted");
}

static void a_whole_disk_mounted_or_a_partition_held_is_in_use(void)
{
	char d[512];

	fresh();
	disk(USB, "sda", 0, 20 * GiB / 512, 0);
	disk(PCI "/0000:00:05.0/virtio2", "vda", 16, 20 * GiB / 512, 0);
	part(PCI "/0000:00:05.0/virtio2", "vda", "vda3", 19);
	snprintf(d, sizeof d, "%s/" PCI "/0000:00:05.0/virtio2/block/vda/vda3/holders/dm-0", sys);
	mkdirs(d);
	mounts("40 1 253:0 / /media ro - vfat /dev/sda ro\n");
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_STR(find("sda")->busy, "it is mounted");
	CHECK_STR(find("vda")->busy, "partition vda3 is held by dm-0");
}

static void a_disk_smaller_than_the_layout_is_not_a_target(void)
{
	fresh();
	disk(PCI "/0000:00:05.0/virtio2", "vda", 0, 1 * GiB / 512, 0);
	disk(PCI "/0000:00:06.0/virtio3", "vdb", 16, node_layout_min_bytes() / 512, 0);
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_INT(choose(DISK_RULE_FIRST_NON_REMOVABLE, ""), 0);
	CHECK_STR(l.d[chosen].name, "vdb");
	CHECK_STR(find("vda")->why, "too small: 1 GiB, the layout needs at least 1410 MiB");
}

static void a_disk_with_4096_byte_sectors_is_not_a_target(void)
{
	char d[512];

	fresh();
	disk(PCI "/0000:00:05.0/virtio2", "vda", 0, 20 * GiB / 512, 0);
	snprintf(d, sizeof d, "%s/" PCI "/0000:00:05.0/virtio2/block/vda/queue", sys);
	PUTS("4096\n", "%s/logical_block_size", d);
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_INT(choose(DISK_RULE_NAME, "vda"), -1);
	CHECK_CONTAINS(err.msg, "4096-byte logical sectors (only 512 are supported)");
}

static void serials_come_from_virtio_nvme_and_scsi_vpd(void)
{
	static const char vpd[] = "\x00\x80\x00\x14  S7XNJ0K-scsi       ";
	char d[512];

	fresh();
	disk(PCI "/0000:00:05.0/virtio2", "vda", 0, 20 * GiB / 512, 0);
	snprintf(d, sizeof d, "%s/" PCI "/0000:00:05.0/virtio2/block/vda", sys);
	PUTS("VIRT-0001\n", "%s/serial", d);
	disk(PCI "/0000:00:04.0/nvme/nvme0", "nvme0n1", 16, 20 * GiB / 512, 0);
	snprintf(d, sizeof d, "%s/" PCI "/0000:00:04.0/nvme/nvme0/block/nvme0n1/device", sys);
	if (symlink("../../../nvme0", d) < 0)
		die(d);
	snprintf(d, sizeof d, "%s/" PCI "/0000:00:04.0/nvme/nvme0", sys);
	PUTS("S4EWNX0R123456      \n", "%s/serial", d);
	disk(PCI "/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0", "sda", 32, 20 * GiB / 512, 0);
	snprintf(d, sizeof d, "%s/" PCI "/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/device",
		 sys);
	if (symlink("../../../0:0:0:0", d) < 0)
		die(d);
	snprintf(d, sizeof d, "%s/" PCI "/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0", sys);
	put(vpd, sizeof vpd - 1, "%s/vpd_pg80", d);
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_STR(find("vda")->serial, "VIRT-0001");
	CHECK_STR(find("nvme0n1")->serial, "S4EWNX0R123456");
	CHECK_STR(find("sda")->serial, "S7XNJ0K-scsi");
	CHECK_INT(choose(DISK_RULE_SERIAL, "S4EWNX0R123456"), 0);
	CHECK_STR(l.d[chosen].name, "nvme0n1");
	CHECK_INT(choose(DISK_RULE_SERIAL, "S7XNJ0K-scsi"), 0);
	CHECK_STR(l.d[chosen].name, "sda");
	CHECK_STR(find("vda")->why, "another serial");
}

static void a_serial_no_disk_has_is_refused(void)
{
	char line[256];

	fresh();
	disk(PCI "/0000:00:05.0/virtio2", "vda", 0, 20 * GiB / 512, 0);
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_INT(choose(DISK_RULE_SERIAL, "NOPE"), -1);
	CHECK_STR(err.msg, "no disk has serial NOPE (`disk serial NOPE`; 1 disks seen)");
	CHECK_STR(find("vda")->why, "no serial");
	CHECK_STR(disk_describe(find("vda"), line, sizeof line),
		  "vda: 20 GiB, not removable, not on USB, no serial");
}

static void two_disks_with_the_serial_are_refused(void)
{
	char d[512];

	fresh();
	disk(PCI "/0000:00:05.0/virtio2", "vda", 0, 20 * GiB / 512, 0);
	disk(PCI "/0000:00:06.0/virtio3", "vdb", 16, 20 * GiB / 512, 0);
	snprintf(d, sizeof d, "%s/" PCI "/0000:00:05.0/virtio2/block/vda", sys);
	PUTS("SAME\n", "%s/serial", d);
	snprintf(d, sizeof d, "%s/" PCI "/0000:00:06.0/virtio3/block/vdb", sys);
	PUTS("SAME\n", "%s/serial", d);
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_INT(choose(DISK_RULE_SERIAL, "SAME"), -1);
	CHECK_INT(err.kind, UPD_ERR_POLICY);
	CHECK_STR(err.msg, "2 disks have serial SAME (vda, vdb): refusing to guess which to "
		  "overwrite; use `disk name`");
}

static void a_name_no_disk_has_is_refused(void)
{
	fresh();
	disk(PCI "/0000:00:05.0/virtio2", "vda", 0, 20 * GiB / 512, 0);
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_INT(choose(DISK_RULE_NAME, "sda"), -1);
	CHECK_STR(err.msg, "no disk is named sda (`disk name sda`; 1 disks seen)");
	CHECK_STR(find("vda")->why, "not named sda");
}

static void the_dev_node_must_be_the_block_device_sysfs_names(void)
{
	char path[256];

	fresh();
	disk(PCI "/0000:00:05.0/virtio2", "vda", 0, 20 * GiB / 512, 0);
	PUTS("planted", "%s/vda", dev);
	CHECK_INT(scan(NULL, 0), 0);
	CHECK_INT(disk_node(&env, find("vda"), path, sizeof path, &err), -1);
	CHECK_CONTAINS(err.msg, "/vda is not the block device 253:0 that sysfs names for disk vda");
	CHECK_INT(unlink(path), 0);
	CHECK_INT(disk_node(&env, find("vda"), path, sizeof path, &err), -1);
	CHECK_CONTAINS(err.msg, "No such file or directory");
}

int main(void)
{
	char cmd[128];

	if (mkdtemp(root) == NULL)
		die("mkdtemp");
	snprintf(sys, sizeof sys, "%s/sys", root);
	snprintf(dev, sizeof dev, "%s/dev", root);
	snprintf(mountinfo, sizeof mountinfo, "%s/mountinfo", root);
	env = (struct disk_env){ sys, dev, mountinfo };
	RUN(first_non_removable_takes_the_first_disk_by_name);
	RUN(removable_and_usb_disks_are_not_first_non_removable);
	RUN(loop_ram_dm_md_optical_and_emmc_boot_devices_are_never_targets);
	RUN(an_empty_disk_is_not_a_target);
	RUN(a_disk_named_by_not_disk_is_never_taken);
	RUN(a_disk_with_a_mounted_partition_is_not_a_target);
	RUN(a_whole_disk_mounted_or_a_partition_held_is_in_use);
	RUN(a_disk_smaller_than_the_layout_is_not_a_target);
	RUN(a_disk_with_4096_byte_sectors_is_not_a_target);
	RUN(serials_come_from_virtio_nvme_and_scsi_vpd);
	RUN(a_serial_no_disk_has_is_refused);
	RUN(two_disks_with_the_serial_are_refused);
	RUN(a_name_no_disk_has_is_refused);
	RUN(the_dev_node_must_be_the_block_device_sysfs_names);
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	if (system(cmd) != 0)
		die("rm");
	return check_done();
}
