/* nodeupdate's context: options, the node's identity (booted slot, installed version), its disk
 * and ESP, and the lock that keeps two agents from working on the slots at once. */
#ifndef NU_AGENT_H
#define NU_AGENT_H

#include "disk_find.h"
#include "esp.h"
#include "upd_attr.h"
#include "upd_error.h"
#include "version.h"

#define STATE_DIR_DEFAULT "/var/lib/nodeupdate"
#define EFIVARS_DIR_DEFAULT "/sys/firmware/efi/efivars"
#define OS_RELEASE_DEFAULT "/etc/os-release"
#define CMDLINE_DEFAULT "/proc/cmdline"
#define PRODUCT_NAME "node"
#define LOCK_FILE_NAME "lock"
#define LOCK_WAIT_MS 10000
#define ESP_TEMPLATE_DEFAULT "/usr/lib/node/esp"  /* provision: the ESP's files but the UKIs */
#define NOT_DISKS_MAX 8

struct agent {
	/* options */
	const char *disk;               /* --disk, NULL: the disk of the booted slot */
	const char *keys_dir;
	const char *state_dir;
	const char *esp_mountpoint;
	const char *efivars_dir;
	const char *os_release;
	const char *cmdline;
	const char *installed_opt;      /* --installed-version */
	char booted;                    /* --booted, else from the kernel command line */
	int json;
	const char *media_root;         /* --media: watch mounts USB media under it */
	int quiet_noop;                 /* boot-ok: print nothing when there is nothing to do */
	const char *config;             /* provision: --config, --bundle, --esp-template */
	const char *bundle;
	const char *esp_template;
	const char *not_disk[NOT_DISKS_MAX];  /* provision: --not-disk, kernel names */
	unsigned n_not_disk;
	/* filled by agent_identify and friends */
	struct version installed;
	struct node_disk nd;
	struct esp esp;
	int lock_fd;
};

void agent_defaults(struct agent *a);

/* Booted slot (booted_slot.h decides, unless --booted) and installed version (IMAGE_VERSION of
 * /etc/os-release unless --installed-version). 0, or -1 with err. */
int agent_identify(struct agent *a, struct upd_error *err) UPD_WUR;

/* Creates the state directory and takes its lock, waiting up to wait_ms. 0, 1 if another agent
 * still holds it after that, or -1 with err. */
int agent_lock(struct agent *a, int wait_ms, struct upd_error *err) UPD_WUR;
void agent_unlock(struct agent *a);

/* identify, take the lock (waiting LOCK_WAIT_MS), run fn, release: the frame of every command
 * that changes the ESP or the state. fn's result, or -1 with err. */
int agent_run_locked(struct agent *a, int (*fn)(struct agent *, struct upd_error *),
		     struct upd_error *err) UPD_WUR;

/* Finds the node's disk and partitions once (disk_find.h). 0, or -1 with err. */
int agent_find_disk(struct agent *a, struct upd_error *err) UPD_WUR;

/* The disk, and the ESP mounted at the configured mount point. 0, or -1 with err. */
int agent_esp_open(struct agent *a, struct upd_error *err) UPD_WUR;

/* Unmounts the ESP; a failure is reported on stderr (the command's own result stands). */
void agent_esp_close(struct agent *a);

/* Prints "nodeupdate: <msg>" on stderr as one line of printable ASCII (others become '?'). */
void agent_warn(const char *fmt, ...) UPD_PRINTF(1, 2);

#endif
