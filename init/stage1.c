#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "boot_slot.h"
#include "cmdline_load.h"
#include "dm_verity.h"
#include "efi_boot.h"
#include "errbuf.h"
#include "modload.h"
#include "panic.h"
#include "partition_find.h"
#include "stage1.h"
#include "stage1_install.h"
#include "stage2_args.h"
#include "status.h"
#include "switch_root.h"

#define STAGE1_MODULES "/etc/modules-stage1"
#define NEWROOT "/newroot"
#define NEXT_INIT "/sbin/init"

struct early_mount {
	const char *source, *target, *fstype;
	unsigned long flags;
};

/* CONFIG_DEVTMPFS_MOUNT does not apply to an initramfs: we mount /dev ourselves. */
static const struct early_mount early_mounts[] = {
	{ "dev", "/dev", "devtmpfs", MS_NOSUID | MS_NOEXEC },
	{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC },
};

static struct node_cmdline cmdline;
static struct efi_boot efi;
static struct boot_slot boot;

static void mount_early(void)
{
	size_t i;

	for (i = 0; i < sizeof early_mounts / sizeof early_mounts[0]; i++) {
		const struct early_mount *m = &early_mounts[i];

		if (mkdir(m->target, 0755) != 0 && errno != EEXIST)
			node_panic("stage1", "mkdir %s: %s", m->target, strerror(errno));
		if (mount(m->source, m->target, m->fstype, m->flags, NULL) != 0)
			node_panic("stage1", "mount %s on %s: %s", m->fstype, m->target,
				   strerror(errno));
	}
}

/* node.slot= wins (installer, tests), then the entry systemd-boot booted; no slot is a FAIL. */
static void choose_slot(void)
{
	if (boot_slot_choose(&cmdline, efi.slot, &boot) != 0)
		node_panic("slot", "no slot to boot: node.slot= is not on the command line and the boot loader names none (%s)",
			   efi.why);
	if (boot.source == SLOT_FROM_CMDLINE)
		status_line("slot", "%c (from node.slot= on the command line)", boot.slot);
	else
		status_line("slot", "%c (from LoaderEntrySelected %s)", boot.slot, efi.entry);
	if (boot.source == SLOT_FROM_CMDLINE && efi.slot != 0 && efi.slot != boot.slot)
		status_line("slot", "node.slot=%c overrides LoaderEntrySelected %s", boot.slot, efi.entry);
}

_Noreturn void stage1_main(void)
{
	char err[ERR_MAX];
	char *init_argv[STAGE2_ARGV_MAX];
	struct stage2_args next;
	struct modload_result mods;
	struct blockdev root;

	/* signals were blocked by main() before anything else */
	mount_early();
	if (status_open() != 0) {
		/* fd 2 is still the kernel's console: lines keep flowing there */
	}
	status_line("stage1", "start");

	/* first: from here on a failure of a trial boot reboots (panic.c) instead of halting */
	efi_boot_read(&efi);
	panic_set_trial(efi.trial);

	if (cmdline_load(&cmdline, err, sizeof err) != 0)
		node_panic("cmdline", "%s", err);
	if (cmdline.install != INSTALL_NONE) {
		/* an installer halts on failure, whatever the boot loader says: never a reboot loop */
		panic_set_trial(0);
		if (modload_list(STAGE1_MODULES, &mods, err, sizeof err) != 0)
			node_panic("modules", "%s", err);
		stage1_install(&cmdline, NEWROOT, NEXT_INIT, init_argv);
		if (switch_root(NEWROOT, init_argv, err, sizeof err) != 0)
			node_panic("switch_root", "%s", err);
		node_panic("switch_root", "returned without exec");
	}
	if (!cmdline.has_verity)
		node_panic("cmdline", "node.verity=<blocks>:<hash_start>:<root>:<salt> is missing from /proc/cmdline");
	status_line("cmdline", "slot=%c root=%s%s data=PARTLABEL=%s", cmdline.slot ? cmdline.slot : '-',
		    cmdline.root_label[0] != '\0' ? "PARTLABEL=" : "-", cmdline.root_label,
		    cmdline.data_label);
	choose_slot();

	if (modload_list(STAGE1_MODULES, &mods, err, sizeof err) != 0)
		node_panic("modules", "%s", err);
	status_line("modules", "loaded %u, already loaded %u, built in %u, no device %u",
		    mods.loaded, mods.present, mods.builtin, mods.nodevice);

	if (partition_find(boot.root_label, PARTITION_WAIT_MS, &root, err, sizeof err) != 0)
		node_panic("root", "%s", err);
	status_line("root", "PARTLABEL=%s is %s, dev %u:%u", boot.root_label, root.path, root.major,
		    root.minor);

	if (dm_verity_create(&cmdline.verity, root.major, root.minor, err, sizeof err) != 0)
		node_panic("verity", "%s on %s: %s", boot.root_label, root.path, err);
	status_line("verity", "%s %s ok", boot.root_label, root.path);

	if (mkdir(NEWROOT, 0755) != 0 && errno != EEXIST)
		node_panic("rootfs", "mkdir %s: %s", NEWROOT, strerror(errno));
	/* dm-verity reports a corrupt block as EIO: never continue past a failed mount */
	if (mount(DM_ROOT_NODE, NEWROOT, "squashfs", MS_RDONLY | MS_NODEV, NULL) != 0)
		node_panic("rootfs", "mount %s on %s as squashfs: %s", DM_ROOT_NODE, NEWROOT,
			   strerror(errno));
	status_line("rootfs", "mounted %s on %s, squashfs read-only", DM_ROOT_NODE, NEWROOT);

	/* stage 2 learns the slot and the trial state from us, who mounted the root */
	next.slot = boot.slot;
	next.trial = efi.trial;
	stage2_args_build(&next, NEXT_INIT, init_argv);
	if (switch_root(NEWROOT, init_argv, err, sizeof err) != 0)
		node_panic("switch_root", "%s", err);
	node_panic("switch_root", "returned without exec");
}
