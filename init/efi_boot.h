/*
 * Stage 1's view of the boot loader: which entry systemd-boot booted (LoaderEntrySelected) and
 * whether it is counting that boot (LoaderBootCountPath), read from efivarfs (REFERENCE C.2).
 */
#ifndef NODE_EFI_BOOT_H
#define NODE_EFI_BOOT_H

#include "efivar_string.h"
#include "errbuf.h"

#define EFI_SYSFS_DIR "/sys/firmware/efi"
#define EFIVARS_DIR EFI_SYSFS_DIR "/efivars"
#define LOADER_VENDOR_GUID "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"
#define LOADER_ENTRY_SELECTED_FILE EFIVARS_DIR "/LoaderEntrySelected-" LOADER_VENDOR_GUID
#define LOADER_BOOT_COUNT_PATH_FILE EFIVARS_DIR "/LoaderBootCountPath-" LOADER_VENDOR_GUID

struct efi_boot {
	char slot;				/* of LoaderEntrySelected; 0 when unknown */
	char entry[EFIVAR_STRING_MAX + 1];	/* LoaderEntrySelected, "" when unusable */
	char why[ERR_MAX];			/* why slot is 0 */
	int trial;				/* LoaderBootCountPath is set: a counting boot */
};

/*
 * If /sys/firmware/efi exists: loads the efivarfs module, mounts efivarfs read-only on
 * EFIVARS_DIR, reads both variables and unmounts it again (stage 2 mounts its own). Never fails:
 * what it cannot learn stays unknown (slot 0 with the reason in why; trial 0, since a wrong
 * "trial" would reboot-loop a blessed slot). Prints one status line.
 */
void efi_boot_read(struct efi_boot *b);

#endif
