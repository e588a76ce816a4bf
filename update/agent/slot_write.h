/* One bundle into one slot, the same way for install (the slot that is not booted, a trial
 * entry) and provision (slot a of a new disk, the blessed entry): passes over the bundle through
 * install_sink (check: nothing written; write: the slot and a temporary UKI on the ESP), then the
 * commit (the slot read back from the device and verified, the UKI read back and checked, renamed
 * to its entry name, EFI/Linux fsynced). Owns the large work areas, once. */
#ifndef NU_SLOT_WRITE_H
#define NU_SLOT_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "bundle_verify.h"
#include "disk_find.h"
#include "esp.h"
#include "install_sink.h"
#include "slot_entries.h"
#include "upd_attr.h"
#include "upd_error.h"

struct slot_target {
	char slot;                          /* 'a' or 'b' */
	const struct block_part *part;      /* the slot's partition (check pass: for messages) */
	uint64_t part_bytes;
	const struct esp *esp;              /* write pass and commit */
	const struct entry_plan *plan;      /* write pass: run at the root's begin */
};

/* The size of a block device. 0, or -1 with err. */
int slot_part_bytes(const struct block_part *p, uint64_t *bytes, struct upd_error *err) UPD_WUR;

/* Forgets the last bundle (slot_result() reads as "nothing verified"). */
void slot_reset(void);

/* One pass of bundle_verify over fd through the sink in mode. Both payloads must reach the
 * sink. 0, or -1 with err (bundle_verify's kinds). */
int slot_pass(int fd, const struct minisign_keyring *ring, const struct bundle_policy *policy,
	      const struct slot_target *t, enum sink_mode mode, struct upd_error *err) UPD_WUR;

/* After a write pass: the slot read back and verified against the signed root hash, the
 * temporary UKI read back and checked, then renamed to entry (in EFI/Linux) and the directory
 * fsynced. 0, or -1 with err (UPD_ERR_BAD when the device returned other bytes). */
int slot_commit(const struct slot_target *t, const char *entry, struct upd_error *err) UPD_WUR;

/* Closes and removes what a write pass left behind (a temporary UKI). */
void slot_discard(void);

/* The last pass's verified manifest and signature details. */
const struct bundle_result *slot_result(void);

#endif
