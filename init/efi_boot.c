#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "efi_boot.h"
#include "fileio.h"
#include "loader_entry.h"
#include "modload.h"
#include "status.h"

/* 1 with the decoded string in out, 0 when the variable is not set, -1 with a reason in err. */
static int read_var(const char *path, char *out, size_t cap, char *err, size_t errcap)
{
	char buf[EFIVAR_FILE_MAX];
	char why[ERR_MAX];
	size_t len;

	out[0] = '\0';
	if (file_read_all(path, buf, sizeof buf, &len) != 0) {
		if (errno == ENOENT)
			return 0;
		if (errno == EFBIG)
			err_set(err, errcap, "more than %d bytes", EFIVAR_FILE_MAX);
		else
			err_set(err, errcap, "read: %s", strerror(errno));
		return -1;
	}
	if (efivar_string_decode((const unsigned char *)buf, len, out, cap, why, sizeof why) != 0) {
		err_set(err, errcap, "%s", why);
		return -1;
	}
	return 1;
}

/* Mounts efivarfs, or says why not in b->why. 0 or -1. */
static int efivars_mount(struct efi_boot *b)
{
	static const char modules[] = "efivarfs\n";
	struct modload_result mods;
	char why[ERR_MAX];
	struct stat st;

	if (stat(EFI_SYSFS_DIR, &st) != 0) {
		if (errno == ENOENT)
			err_set(b->why, sizeof b->why, "no %s: not booted through UEFI", EFI_SYSFS_DIR);
		else
			err_set(b->why, sizeof b->why, "stat %s: %s", EFI_SYSFS_DIR, strerror(errno));
		return -1;
	}
	/* here rather than only from the module list: the trial state must be known before anything
	 * else in stage 1 can fail */
	if (modload_names("efivarfs module", modules, sizeof modules - 1, &mods, why,
			  sizeof why) != 0) {
		err_set(b->why, sizeof b->why, "load %s", why);
		return -1;
	}
	if (mount("efivarfs", EFIVARS_DIR, "efivarfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) != 0) {
		err_set(b->why, sizeof b->why, "mount efivarfs on %s: %s", EFIVARS_DIR,
			strerror(errno));
		return -1;
	}
	return 0;
}

void efi_boot_read(struct efi_boot *b)
{
	char count_path[EFIVAR_STRING_MAX + 1], count_why[ERR_MAX], why[ERR_MAX];
	char trial_text[EFIVAR_STRING_MAX + ERR_MAX + 64];
	struct loader_entry e;
	int got_entry, got_count;

	memset(b, 0, sizeof *b);
	if (efivars_mount(b) != 0) {
		status_line("efi", "%s; no boot loader entry, not a trial boot", b->why);
		return;
	}
	got_entry = read_var(LOADER_ENTRY_SELECTED_FILE, b->entry, sizeof b->entry, why, sizeof why);
	got_count = read_var(LOADER_BOOT_COUNT_PATH_FILE, count_path, sizeof count_path, count_why,
			     sizeof count_why);
	if (umount2(EFIVARS_DIR, 0) != 0)
		status_line("efi", "unmount %s: %s; it moves to the new root with /sys",
			    EFIVARS_DIR, strerror(errno));

	if (got_entry == 0) {
		err_set(b->why, sizeof b->why,
			"LoaderEntrySelected is not set (not booted by systemd-boot?)");
	} else if (got_entry < 0) {
		err_set(b->why, sizeof b->why, "LoaderEntrySelected: %s", why);
	} else if (loader_entry_parse(b->entry, &e, why, sizeof why) != 0) {
		err_set(b->why, sizeof b->why, "LoaderEntrySelected %s", why);
	} else {
		b->slot = e.slot;
	}
	if (b->slot == 0)
		b->entry[0] = '\0';

	/* only a well-formed variable makes a trial boot: a wrong "trial" reboot-loops a good slot */
	b->trial = got_count > 0;
	if (got_count > 0)
		err_set(trial_text, sizeof trial_text, "LoaderBootCountPath %s: trial boot", count_path);
	else if (got_count == 0)
		err_set(trial_text, sizeof trial_text, "no LoaderBootCountPath: not a trial boot");
	else
		err_set(trial_text, sizeof trial_text,
			"LoaderBootCountPath unusable (%s): treated as not a trial boot", count_why);

	if (b->slot != 0)
		status_line("efi", "LoaderEntrySelected %s (slot %c), %s", b->entry, b->slot,
			    trial_text);
	else
		status_line("efi", "%s; %s", b->why, trial_text);
}
