/* The ESP: mounted (vfat, nosuid,nodev,noexec,noatime) only while a command needs it, its
 * EFI/Linux directory read into slot entries, and entry plans carried out with an fsync of the
 * directory after each step so the order survives a power cut. */
#ifndef NU_ESP_H
#define NU_ESP_H

#include "fs_util.h"
#include "slot_entries.h"
#include "upd_attr.h"
#include "upd_error.h"

#define ESP_MOUNT_DEFAULT "/run/nodeupdate/esp"
#define ESP_LINUX_DIR "EFI/Linux"
#define ESP_FS_TYPE "vfat"
#define MSDOS_SUPER_MAGIC_ 0x4d44

struct esp {
	char mountpoint[NU_PATH_MAX];
	char linux_dir[NU_PATH_MAX];       /* mountpoint/EFI/Linux */
	int mounted;
};

/* Mounts dev at mountpoint (created if needed). A mount left there by an agent that was killed
 * is detached first: the agent never trusts what a failed run left. 0, or -1 with err. */
int esp_mount(struct esp *e, const char *dev, const char *mountpoint, struct upd_error *err) UPD_WUR;

/* Unmounts if mounted (lazily if busy). 0, or -1 with err. */
int esp_unmount(struct esp *e, struct upd_error *err) UPD_WUR;

/* Reads EFI/Linux into entries (esp_entries_done included). 0, or -1 with err. */
int esp_scan(const struct esp *e, struct esp_entries *entries, struct upd_error *err) UPD_WUR;

/* Carries out the plan, fsyncing EFI/Linux after every step. A remove of a file that is
 * already gone is fine (a retry). 0, or -1 with err. */
int esp_apply(const struct esp *e, const struct entry_plan *p, struct upd_error *err) UPD_WUR;

#endif
