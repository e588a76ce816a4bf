/* Makes the firmware boot a load option next and from then on, through efivarfs: the Boot####
 * variable (a free number, or the entry it replaces: boot_scan_pick), first in BootOrder (every
 * other entry kept after it, a second copy of it dropped), and BootNext. Everything is read and
 * checked before the first write; the writes go entry, order, next, so no variable ever names an
 * entry that is not there. A variable that already holds what it should is not written again
 * (NVRAM is flash). */
#ifndef NU_BOOT_ENTRY_H
#define NU_BOOT_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "load_option.h"
#include "upd_attr.h"
#include "upd_error.h"

enum boot_entry_done {
	BOOT_ENTRY_NOTHING = 0,           /* nothing written */
	BOOT_ENTRY_ENTRY,                 /* Boot#### is there, BootOrder as it was */
	BOOT_ENTRY_ORDER,                 /* ... and first in BootOrder, BootNext not set */
	BOOT_ENTRY_ALL,
};

struct boot_entry_result {
	uint16_t num;                     /* Boot#### */
	enum load_option_kin kin;         /* LOAD_OPTION_OTHER: a new number */
	int entry_written;                /* 0: the variable already held it byte for byte */
	int order_written;                /* 0: BootOrder already had it first, and once */
	enum boot_entry_done done;        /* how far it got, also on failure */
};

/* opt: a load option from load_option_build, len bytes. dir: where efivarfs is mounted.
 * 0, or -1 with err (r->done says what was written before the failure). */
int boot_entry_first(const char *dir, const uint8_t *opt, size_t len, struct boot_entry_result *r,
		     struct upd_error *err) UPD_WUR;

#endif
