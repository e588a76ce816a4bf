/* Which slot is running. In order of trust:
 *   1. the label of the partition under the running root (root-a / root-b): what is mounted;
 *   2. /run/node/booted-slot, what init decided and published (init/README.md);
 *   3. node.slot= in the kernel command line (images whose UKI names its slot);
 *   4. LoaderEntrySelected, the entry systemd-boot started (node-a*.efi / node-b*.efi), for
 *      slot-neutral UKIs whose stage 1 learns the slot the same way.
 * A source that contradicts the mounted root is an error, not a choice. */
#ifndef NU_BOOTED_SLOT_H
#define NU_BOOTED_SLOT_H

#include <stddef.h>

#include "efivar.h"
#include "upd_attr.h"
#include "upd_error.h"

#define ENTRY_SELECTED_VAR_FILE "LoaderEntrySelected-" LOADER_GUID
#define RUN_NODE_BOOTED_SLOT "/run/node/booted-slot"   /* "a\n" or "b\n", written by init */

/* *slot = 'a' or 'b'; how (cap bytes) says which source decided. 0, or -1 with err. */
int booted_slot_detect(const char *cmdline_path, const char *efivars_dir, char *slot, char *how,
		       size_t cap, struct upd_error *err) UPD_WUR;

#endif
