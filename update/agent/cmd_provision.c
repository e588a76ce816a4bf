/* nodeupdate provision: a node onto a blank disk, from the installer's signed provision.conf and
 * bundle (update/README.md, "Provision"). Everything that can refuse runs before the first
 * write: the config's signature and content, the whole bundle, the ESP template and the tools,
 * the choice of the disk, that nothing uses it, that it is blank (or may be wiped). Then:
 * GPT, ESP, slot a, data; slot a's boot entry is written last, so a disk cut off half-way never
 * boots a half-installed node. Last, the firmware is told to boot that disk (a warning at
 * worst). One line per step on stdout, with how long it took. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "block_sysfs.h"
#include "boot_entry.h"
#include "commands.h"
#include "data_fs.h"
#include "disk_blank.h"
#include "disk_choose.h"
#include "disk_zero.h"
#include "keyring_load.h"
#include "load_option.h"
#include "node_layout.h"
#include "part_wait.h"
#include "signed_file.h"
#include "size_text.h"
#include "slot_write.h"
#include "tool_run.h"
#include "tree_copy.h"

#define MKDOSFS_PATH "/usr/sbin/mkdosfs"  /* busybox: FAT32 always; -F 32 for dosfstools */
#define ESP_FS_LABEL "ESP"
#define ESP_LOADER "EFI/BOOT/BOOTX64.EFI"
#define FIRMWARE_LOADER "\\EFI\\BOOT\\BOOTX64.EFI"  /* ESP_LOADER as the firmware names it */
#define FIRMWARE_ENTRY "Node (%s)"        /* the boot entry's description: the disk's name */
#define TARGET_SLOT 'a'

enum stage { NOTHING_PICKED, DISK_PICKED, DISK_WRITTEN };

struct provision {
	struct agent *a;
	struct disk_env env;
	struct timespec start, step;
	enum stage stage;
	struct provision_conf conf;
	char conf_text[PROVISION_CONF_MAX + 1];
	int bundle_fd;
	struct disk_info disk;            /* the target */
	char dev[NU_PATH_MAX];            /* its node */
	int disk_fd;                      /* O_EXCL while it is read and partitioned */
	uint64_t bytes;
	int blank;
	struct node_layout layout;
	struct block_part parts[NODE_PARTS];
	struct esp esp;
	struct tree_stats tmpl;
	struct slot_target slot;
	struct entry_plan no_plan;        /* a new ESP has no entries to remove */
};

static struct provision p;
static struct disk_list disks;
static struct minisign_keyring ring;

static long ms_since(const struct timespec *t)
{
	struct timespec now;

	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* One line for a finished step, with its time; the next step's clock starts. */
static void step_done(const char *fmt, ...) UPD_PRINTF(1, 2);
static void step_done(const char *fmt, ...)
{
	va_list ap;

	printf("nodeupdate: provision: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (%ld ms)\n", ms_since(&p.step));
	(void)fflush(stdout);
	(void)clock_gettime(CLOCK_MONOTONIC, &p.step);
}

static int config_step(struct upd_error *err)
{
	char id[MINISIGN_KEY_ID_STR], rule[PROVISION_SERIAL_MAX + 32];
	const char *path = p.a->config;
	uint64_t key_id;
	size_t len;

	if (keyring_load_dir(p.a->keys_dir, &ring, err) < 0 ||
	    signed_file_read(path, &ring, PROVISION_SIG_TOKEN, p.conf_text, sizeof p.conf_text,
			     &len, &key_id, err) < 0)
		return -1;
	if (provision_conf_parse(p.conf_text, len, &p.conf, err) < 0) {
		upd_error_prefix(err, "%s: ", path);
		return -1;
	}
	step_done("config %s: signed by key %s; hostname %s, %s, wipe %s", path,
		  minisign_key_id_str(key_id, id), p.conf.hostname,
		  provision_disk_rule_text(&p.conf, rule, sizeof rule), p.conf.wipe ? "yes" : "no");
	return 0;
}

/* Pass 1: the whole bundle, nothing written. Slot a does not exist yet: the layout's size
 * stands for it. */
static int bundle_step(struct upd_error *err)
{
	static const struct block_part layout_root_a = { "root-a", "slot a of the new layout",
							 "root-a", 2 };
	const struct bundle_policy policy = { PRODUCT_NAME, NULL, NULL };
	const struct bundle_result *r = slot_result();
	char v[VERSION_STR_MAX], id[MINISIGN_KEY_ID_STR], a[SIZE_TEXT_MAX], b[SIZE_TEXT_MAX];
	struct stat st;

	p.bundle_fd = open(p.a->bundle, O_RDONLY | O_CLOEXEC);
	if (p.bundle_fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", p.a->bundle, strerror(errno));
	if (fstat(p.bundle_fd, &st) < 0 || !S_ISREG(st.st_mode))
		return upd_fail(err, UPD_ERR_SYS, "%s is not a regular file (provision reads it "
				"twice)", p.a->bundle);
	p.slot.slot = TARGET_SLOT;
	p.slot.part = &layout_root_a;
	p.slot.part_bytes = node_parts[NODE_PART_ROOT_A].bytes;
	if (slot_pass(p.bundle_fd, &ring, &policy, &p.slot, SINK_CHECK, err) < 0) {
		upd_error_prefix(err, "bundle %s: ", p.a->bundle);
		return -1;
	}
	step_done("bundle %s: %s %s verified whole, signed by key %s: root %s, UKI %s",
		  p.a->bundle, r->manifest.product, version_format(&r->manifest.version, v),
		  minisign_key_id_str(r->key_id, id),
		  size_text(r->manifest.payload[MANIFEST_ROOT].size, a),
		  size_text(r->manifest.payload[MANIFEST_UKI].size, b));
	return 0;
}

/* What the writing needs from the root, checked before anything is written. */
static int tools_step(struct upd_error *err)
{
	char loader[NU_PATH_MAX], sz[SIZE_TEXT_MAX];
	struct stat st;

	if (tree_copy(p.a->esp_template, NULL, &p.tmpl, err) < 0) {
		upd_error_prefix(err, "ESP template: ");
		return -1;
	}
	if (path_join(loader, sizeof loader, p.a->esp_template, ESP_LOADER, err) < 0)
		return -1;
	if (stat(loader, &st) < 0 || !S_ISREG(st.st_mode))
		return upd_fail(err, UPD_ERR_SYS, "ESP template %s has no boot loader %s",
				p.a->esp_template, ESP_LOADER);
	if (access(MKDOSFS_PATH, X_OK) < 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: %s", MKDOSFS_PATH, strerror(errno));
	if (access(MKE2FS_PATH, X_OK) < 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: %s", MKE2FS_PATH, strerror(errno));
	step_done("ESP template %s: %u files, %s; %s and %s are there", p.a->esp_template,
		  p.tmpl.files, size_text(p.tmpl.bytes, sz), MKDOSFS_PATH, MKE2FS_PATH);
	return 0;
}

static void disks_list(void)
{
	char line[256];
	unsigned i;

	for (i = 0; i < disks.n; i++)
		agent_warn("provision: seen %s: not taken: %s",
			   disk_describe(&disks.d[i], line, sizeof line), disks.d[i].why);
}

static int pick_step(struct upd_error *err)
{
	char rule[PROVISION_SERIAL_MAX + 32], line[256];
	unsigned chosen;

	if (disk_scan(&p.env, p.a->not_disk, p.a->n_not_disk, &disks, err) < 0)
		return -1;
	if (disk_choose(&disks, p.conf.disk_rule, p.conf.disk_arg, node_layout_min_bytes(), &chosen,
			err) < 0) {
		disks_list();
		return -1;
	}
	p.disk = disks.d[chosen];
	p.stage = DISK_PICKED;
	if (disk_node(&p.env, &p.disk, p.dev, sizeof p.dev, err) < 0)
		return -1;
	step_done("target disk %s (`%s`, of %u disks seen)",
		  disk_describe(&p.disk, line, sizeof line),
		  provision_disk_rule_text(&p.conf, rule, sizeof rule), disks.n);
	return 0;
}

/* The disk opened exclusively (the kernel refuses while anything mounts or holds it or a
 * partition), its size and sector size from the device itself, then the blank check. */
static int blank_step(struct upd_error *err)
{
	char found[DISK_FOUND_MAX], a[SIZE_TEXT_MAX], b[SIZE_TEXT_MAX];
	int sector = 0;

	p.disk_fd = open(p.dev, O_RDWR | O_EXCL | O_CLOEXEC);
	if (p.disk_fd < 0 && errno == EBUSY)
		return upd_fail(err, UPD_ERR_POLICY, "disk %s is in use (mounted, or held by "
				"device-mapper, RAID or swap)", p.disk.name);
	if (p.disk_fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", p.dev, strerror(errno));
	if (ioctl(p.disk_fd, BLKGETSIZE64, &p.bytes) < 0 || ioctl(p.disk_fd, BLKSSZGET, &sector) < 0)
		return upd_fail(err, UPD_ERR_SYS, "size of %s: %s", p.dev, strerror(errno));
	if (sector != GPT_SECTOR)
		return upd_fail(err, UPD_ERR_POLICY, "disk %s has %d-byte logical sectors; only %d "
				"are supported", p.disk.name, sector, GPT_SECTOR);
	if (p.bytes < node_layout_min_bytes())
		return upd_fail(err, UPD_ERR_POLICY, "disk %s is too small: %s, the layout needs at "
				"least %s", p.disk.name, size_text(p.bytes, a),
				size_text(node_layout_min_bytes(), b));
	p.blank = disk_blank_check(p.disk_fd, p.bytes, found, sizeof found, err);
	if (p.blank < 0) {
		upd_error_prefix(err, "%s: ", p.dev);
		return -1;
	}
	if (!p.blank && !p.conf.wipe)
		return upd_fail(err, UPD_ERR_POLICY, "disk %s is not blank: %s; add `wipe yes` to "
				"provision.conf to overwrite it", p.disk.name, found);
	if (p.blank)
		step_done("disk %s is blank: no GPT, first and last MiB zero", p.disk.name);
	else
		step_done("disk %s is not blank (%s): `wipe yes` overwrites it", p.disk.name, found);
	return 0;
}

/* From here on the disk changes. */
static int gpt_step(struct upd_error *err)
{
	static const char *const labels[NODE_PARTS] = { "esp", "root-a", "root-b", "data" };
	char sz[NODE_PARTS][SIZE_TEXT_MAX], total[SIZE_TEXT_MAX];
	unsigned i;
	int discarded, rc;

	p.stage = DISK_WRITTEN;
	if (!p.blank) {
		if (disk_wipe(p.disk_fd, p.bytes, &discarded, err) < 0)
			return -1;
		step_done("disk %s wiped: %s, first and last MiB zeroed", p.disk.name,
			  discarded ? "discarded whole" : "no discard (not supported)");
	}
	if (node_layout_make(p.bytes, &p.layout, err) < 0 ||
	    node_layout_write(p.disk_fd, &p.layout, err) < 0)
		return -1;
	/* the exclusive open ends here: mkdosfs, mke2fs and mount claim the partitions */
	rc = close(p.disk_fd);
	p.disk_fd = -1;
	if (rc < 0)
		return upd_fail(err, UPD_ERR_SYS, "closing %s: %s", p.dev, strerror(errno));
	for (i = 0; i < NODE_PARTS; i++)
		size_text(node_layout_part_bytes(&p.layout, i), sz[i]);
	step_done("GPT written on %s (%s): esp %s, root-a %s, root-b %s, data %s; disk GUID %s",
		  p.disk.name, size_text(p.bytes, total), sz[0], sz[1], sz[2], sz[3],
		  p.layout.disk_guid);
	if (disk_reread(p.dev, err) < 0 ||
	    parts_wait(&p.env, p.disk.name, labels, NODE_PARTS, PART_WAIT_MS, p.parts, err) < 0)
		return -1;
	step_done("partitions %s %s %s %s are there", p.parts[0].name, p.parts[1].name,
		  p.parts[2].name, p.parts[3].name);
	return 0;
}

static int esp_step(struct upd_error *err)
{
	char *const argv[] = { MKDOSFS_PATH, "-F", "32", "-n", ESP_FS_LABEL,
			       p.parts[NODE_PART_ESP].dev, NULL };
	struct tree_stats st;
	char sz[SIZE_TEXT_MAX];

	if (tool_run(argv, err) < 0 ||
	    esp_mount(&p.esp, p.parts[NODE_PART_ESP].dev, p.a->esp_mountpoint, err) < 0 ||
	    tree_copy(p.a->esp_template, p.esp.mountpoint, &st, err) < 0)
		return -1;
	step_done("ESP %s: FAT32 made, mounted on %s, %s copied (%u files, %s)",
		  p.parts[NODE_PART_ESP].name, p.esp.mountpoint, p.a->esp_template, st.files,
		  size_text(st.bytes, sz));
	return 0;
}

/* Pass 2: the bundle again, verified again on its way into slot a and a temporary UKI. */
static int root_step(struct upd_error *err)
{
	const struct bundle_policy policy = { PRODUCT_NAME, NULL, NULL };
	const struct manifest *m = &slot_result()->manifest;
	char a[SIZE_TEXT_MAX], b[SIZE_TEXT_MAX];

	p.slot.part = &p.parts[NODE_PART_ROOT_A];
	p.slot.esp = &p.esp;
	p.slot.plan = &p.no_plan;
	if (slot_part_bytes(p.slot.part, &p.slot.part_bytes, err) < 0)
		return -1;
	if (lseek(p.bundle_fd, 0, SEEK_SET) != 0)
		return upd_fail(err, UPD_ERR_SYS, "rewinding %s: %s", p.a->bundle, strerror(errno));
	if (slot_pass(p.bundle_fd, &ring, &policy, &p.slot, SINK_WRITE, err) < 0) {
		upd_error_prefix(err, "bundle %s: ", p.a->bundle);
		return -1;
	}
	step_done("slot a %s: %s written from the bundle, verified on the way; UKI (%s) staged on "
		  "the ESP", p.slot.part->name,
		  size_text((m->data_blocks + m->hash_blocks) * VERITY_BLOCK_SIZE, a),
		  size_text(m->payload[MANIFEST_UKI].size, b));
	return 0;
}

static int data_step(struct upd_error *err)
{
	const struct bundle_result *r = slot_result();
	struct agent_state st;
	char v[VERSION_STR_MAX];

	/* what an installed node's agent would know: this version, and nothing older may
	 * ever come back */
	memset(&st, 0, sizeof st);
	st.has_floor = 1;
	st.floor = r->manifest.version;
	st.last = LAST_OK;
	st.has_last_version = 1;
	st.last_version = r->manifest.version;
	st.last_time = (uint64_t)time(NULL);
	state_text_set(st.last_bundle, p.a->bundle);
	if (data_fs_make(p.parts[NODE_PART_DATA].dev, DATA_MOUNT_DEFAULT, &p.conf, &st, err) < 0)
		return -1;
	step_done("data %s: ext4 made; lib/node/node.key, lib/node/hostname (%s), "
		  "lib/nodeupdate/state (floor %s) written", p.parts[NODE_PART_DATA].name,
		  p.conf.hostname, version_format(&st.floor, v));
	return 0;
}

/* The boot entry last: slot a read back and verified, the UKI checked and renamed to its
 * blessed name, the ESP unmounted, the disk's cache flushed. */
static int commit_step(struct upd_error *err)
{
	char entry[BLS_NAME_MAX + 1];
	int fd;

	slot_good_name(TARGET_SLOT, entry, sizeof entry);
	if (slot_commit(&p.slot, entry, err) < 0 || esp_unmount(&p.esp, err) < 0)
		return -1;
	step_done("slot a read back and verified; %s/%s checked and in place", ESP_LINUX_DIR, entry);
	fd = open(p.dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", p.dev, strerror(errno));
	if (fsync(fd) < 0 || ioctl(fd, BLKFLSBUF, 0) < 0) {
		int e = errno;

		(void)close(fd);
		return upd_fail(err, UPD_ERR_SYS, "syncing %s: %s", p.dev, strerror(e));
	}
	(void)close(fd);
	step_done("disk %s synced", p.disk.name);
	return 0;
}

/* efivarfs at dir, writable: 0, or -1 with err saying why not. */
static int efivars_check(const char *dir, struct upd_error *err)
{
	struct statfs fs;
	struct statvfs vfs;

	if (statfs(dir, &fs) < 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: %s", dir, strerror(errno));
	if (fs.f_type != EFIVARFS_MAGIC)
		return upd_fail(err, UPD_ERR_SYS, "efivarfs is not mounted on %s", dir);
	if (statvfs(dir, &vfs) < 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: %s", dir, strerror(errno));
	if (vfs.f_flag & ST_RDONLY)
		return upd_fail(err, UPD_ERR_SYS, "efivarfs on %s is mounted read-only", dir);
	return 0;
}

/* The load option for the ESP's loader on the target disk, described as "Node (vda)". */
static int entry_build(uint8_t *opt, size_t cap, size_t *len, char *desc, size_t desc_cap,
		       struct upd_error *err)
{
	struct hd_partition esp;
	int n = snprintf(desc, desc_cap, FIRMWARE_ENTRY, p.disk.name);

	if (n < 0 || (size_t)n >= desc_cap)
		return upd_fail(err, UPD_ERR_SYS, "a boot entry description for disk %s is longer "
				"than %zu characters", p.disk.name, desc_cap - 1);
	esp.number = NODE_PART_ESP + 1;
	esp.start_lba = p.layout.img.first_lba[NODE_PART_ESP];
	esp.size_lba = p.layout.img.last_lba[NODE_PART_ESP] - esp.start_lba + 1;
	if (gpt_guid_parse(p.layout.part_guid[NODE_PART_ESP], esp.guid, err) < 0)
		return -1;
	return load_option_build(&esp, desc, FIRMWARE_LOADER, opt, cap, len, err);
}

/* The installer's medium often stays first in the firmware's boot order (PXE on a provisioning
 * network, a stick left in): the reboot would run the installer again. So the firmware gets a
 * boot entry for the ESP's loader on this disk, first in BootOrder and in BootNext, as real
 * installers do. Nothing here fails the provision: the disk is installed, and a firmware that
 * falls back to it finds \EFI\BOOT\BOOTX64.EFI there anyway. */
static void firmware_step(void)
{
	const char *dir = p.a->efivars_dir;
	char efi[NU_PATH_MAX], desc[LOAD_OPTION_DESC_MAX + 1];
	uint8_t opt[LOAD_OPTION_BUILD_MAX];
	struct boot_entry_result r;
	struct upd_error err;
	struct stat st;
	char *slash;
	size_t len;

	/* the efivars directory's parent, /sys/firmware/efi: there only on a UEFI boot */
	snprintf(efi, sizeof efi, "%s", dir);
	slash = strrchr(efi, '/');
	if (slash != NULL && slash != efi)
		*slash = '\0';
	if (stat(efi, &st) < 0 && errno == ENOENT) {
		step_done("no %s: not booted through UEFI, so no firmware boot entry was made", efi);
		return;
	}
	memset(&r, 0, sizeof r);
	if (efivars_check(dir, &err) < 0 ||
	    entry_build(opt, sizeof opt, &len, desc, sizeof desc, &err) < 0 ||
	    boot_entry_first(dir, opt, len, &r, &err) < 0) {
		if (r.done >= BOOT_ENTRY_ORDER)
			agent_warn("provision: warning: BootNext: %s; Boot%04X \"%s\" is first in "
				   "BootOrder, so the firmware boots disk %s all the same", err.msg,
				   (unsigned)r.num, desc, p.disk.name);
		else
			agent_warn("provision: warning: firmware boot entry for disk %s: %s; the "
				   "firmware's boot order is unchanged: take the installer medium out "
				   "or put disk %s first", p.disk.name, err.msg, p.disk.name);
		(void)clock_gettime(CLOCK_MONOTONIC, &p.step);
		return;
	}
	step_done("firmware boot entry Boot%04X \"%s\" first in BootOrder, and BootNext",
		  (unsigned)r.num, desc);
}

/* Every error says what the disk looks like now: that part is never cut off, the middle of a
 * long message is. */
static void outcome(struct upd_error *err)
{
	static const char prefix[] = "provision: ";
	char msg[UPD_ERROR_MAX], tail[160];
	size_t keep, tl;

	if (p.stage == NOTHING_PICKED)
		snprintf(tail, sizeof tail, "; no disk was changed");
	else if (p.stage == DISK_PICKED)
		snprintf(tail, sizeof tail, "; disk %.64s was not changed", p.disk.name);
	else
		snprintf(tail, sizeof tail, "; disk %.64s is partly written and does not boot: "
			 "provision it again with `wipe yes`", p.disk.name);
	tl = strlen(tail);
	memcpy(msg, err->msg, sizeof msg);
	msg[sizeof msg - 1] = '\0';
	keep = strlen(msg);
	if (keep > sizeof err->msg - 1 - tl - (sizeof prefix - 1))
		keep = sizeof err->msg - 1 - tl - (sizeof prefix - 1);
	memcpy(err->msg, prefix, sizeof prefix - 1);
	memcpy(err->msg + sizeof prefix - 1, msg, keep);
	memcpy(err->msg + sizeof prefix - 1 + keep, tail, tl + 1);
}

int cmd_provision(struct agent *a, struct upd_error *err)
{
	const struct manifest *m = &slot_result()->manifest;
	char v[VERSION_STR_MAX], sz[SIZE_TEXT_MAX];
	int rc;

	memset(&p, 0, sizeof p);
	p.a = a;
	p.env = (struct disk_env){ SYSFS_ROOT, "/dev", "/proc/self/mountinfo" };
	p.bundle_fd = p.disk_fd = -1;
	(void)clock_gettime(CLOCK_MONOTONIC, &p.start);
	p.step = p.start;
	slot_reset();
	rc = config_step(err) < 0 || bundle_step(err) < 0 || tools_step(err) < 0 ||
	     pick_step(err) < 0 || blank_step(err) < 0 || gpt_step(err) < 0 ||
	     esp_step(err) < 0 || root_step(err) < 0 || data_step(err) < 0 ||
	     commit_step(err) < 0 ? -1 : 0;
	if (rc < 0) {
		struct upd_error uerr;

		outcome(err);
		slot_discard();
		if (esp_unmount(&p.esp, &uerr) < 0)
			agent_warn("provision: %s", uerr.msg);
	} else {
		firmware_step();
		printf("nodeupdate: provision: node %s installed on %s (%s) as %s in %ld ms\n",
		       version_format(&m->version, v), p.disk.name, size_text(p.bytes, sz),
		       p.conf.hostname, ms_since(&p.start));
	}
	if (p.disk_fd >= 0)
		(void)close(p.disk_fd);
	if (p.bundle_fd >= 0)
		(void)close(p.bundle_fd);
	/* the node key was in both */
	sodium_memzero(&p.conf, sizeof p.conf);
	sodium_memzero(p.conf_text, sizeof p.conf_text);
	return rc;
}
