/* After the slot is written and synced: read it back from the device and verify it against the
 * signed root hash, hash tree first, then every data block against its leaf. Only a slot that
 * passes gets a boot entry (RAUC never reads back, rauc#459; we do). */
#ifndef NU_SLOT_READBACK_H
#define NU_SLOT_READBACK_H

#include "bundle_verify.h"
#include "manifest.h"
#include "upd_attr.h"
#include "upd_error.h"

/* dev: the slot's partition; w: the (4096-aligned) work area, reused for the tree and the
 * blocks. 0, or -1 with err (UPD_ERR_BAD when the device returned other bytes). */
int slot_readback_verify(const char *dev, const struct manifest *m, struct bundle_work *w,
			 const char *what, struct upd_error *err) UPD_WUR;

#endif
