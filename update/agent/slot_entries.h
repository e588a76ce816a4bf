/* The boot entries of the two slots, as file names in the ESP's EFI/Linux (REFERENCE C.2), and
 * what each command would do to them. Pure: no file system here, so every transition can be
 * tested from a list of names.
 *
 *   node-a.efi            slot a, good (blessed)
 *   node-b+3.efi          slot b, on trial, 3 tries left (what install writes)
 *   node-b+2-1.efi        slot b, on trial, 2 left, 1 done (systemd-boot counted a boot)
 *   node-b+0-3.efi        slot b, bad: systemd-boot sorts it last, so the other slot boots
 *   .nodeupdate-b.tmp     a UKI being written (ignored by systemd-boot: hidden, not .efi)
 *
 * FAT compares names without case, so the agent does too. */
#ifndef NU_SLOT_ENTRIES_H
#define NU_SLOT_ENTRIES_H

#include "bls_name.h"
#include "upd_attr.h"
#include "upd_error.h"

#define SLOT_COUNT 2
#define SLOT_ENTRY_STEM "node-"          /* + slot letter */
#define SLOT_ENTRY_SUFFIX ".efi"
#define SLOT_TRIAL_TRIES 3               /* one digit: REFERENCE C.2, spec drift note */
#define SLOT_TEMP_PREFIX ".nodeupdate-"
#define SLOT_ENTRIES_PER_SLOT 8
#define SLOT_TEMPS_MAX 8
#define ENTRY_OPS_MAX (SLOT_ENTRIES_PER_SLOT + SLOT_TEMPS_MAX + 1)

enum slot_state {
	SLOT_NONE,      /* no entry: the slot does not boot */
	SLOT_GOOD,
	SLOT_TRIAL,
	SLOT_BAD,
	SLOT_CONFLICT,  /* more than one entry for the slot */
};

struct slot_entry {
	char name[BLS_NAME_MAX + 1];     /* as on the ESP */
	struct bls_name bls;             /* parsed from the lowercased name */
};

struct slot_view {
	enum slot_state state;
	unsigned count;
	struct slot_entry entry[SLOT_ENTRIES_PER_SLOT];
};

struct esp_entries {
	struct slot_view slot[SLOT_COUNT];  /* [0] = a, [1] = b */
	unsigned temps;
	char temp[SLOT_TEMPS_MAX][BLS_NAME_MAX + 1];
	unsigned others;                 /* files that are none of ours (left alone) */
};

enum entry_op_kind { ENTRY_REMOVE, ENTRY_RENAME };

struct entry_op {
	enum entry_op_kind kind;
	char from[BLS_NAME_MAX + 1];
	char to[BLS_NAME_MAX + 1];       /* ENTRY_RENAME only */
};

/* Operations in the order they must run, so that a cut between two leaves a state the
 * boot loader and the agent both handle. */
struct entry_plan {
	unsigned n;
	struct entry_op op[ENTRY_OPS_MAX];
};

int slot_index(char slot);             /* 'a' -> 0, 'b' -> 1, else -1 */
char slot_other(char slot);
const char *slot_state_name(enum slot_state s);

void esp_entries_init(struct esp_entries *e);

/* Classifies one file name of EFI/Linux. 0, or -1 with err if a slot has too many entries
 * or temporaries to track (the agent then refuses rather than guess). */
int esp_entries_add(struct esp_entries *e, const char *name, struct upd_error *err) UPD_WUR;

/* Computes each slot's state once every name was added. */
void esp_entries_done(struct esp_entries *e);

/* The slot an entry file name belongs to ("node-b+2-1.efi", "NODE-A.EFI"), or 0. */
char slot_of_entry_name(const char *name);

/* The trial entry name install writes: "node-b+3.efi". */
void slot_trial_name(char slot, char *out, size_t cap);

/* The blessed entry name (what mark-good leaves, what provision writes): "node-a.efi". */
void slot_good_name(char slot, char *out, size_t cap);

/* install into the slot that is not booted: refused (UPD_ERR_POLICY) unless the booted slot has
 * exactly one good entry — it is what the node falls back to while the other slot is rewritten,
 * and a trial boot must be blessed (mark-good) or fall back first. Plan: remove every entry of
 * the target slot and every stale temporary. */
int plan_install(const struct esp_entries *e, char booted, struct entry_plan *p,
		 struct upd_error *err) UPD_WUR;

/* mark-good. counting_name is the file LoaderBootCountPath names, or NULL for a boot that is
 * not counting (nothing to do). It must be an entry of the booted slot. Plan: remove the booted
 * slot's other entries, then rename counting_name to the blessed name (which replaces a blessed
 * duplicate in one step), so X.efi and X+N.efi never stay side by side. Already blessed (the
 * counting file is gone, the blessed one exists): nothing to do. */
int plan_mark_good(const struct esp_entries *e, char booted, const char *counting_name,
		   struct entry_plan *p, struct upd_error *err) UPD_WUR;

/* rollback: refused (UPD_ERR_POLICY) unless the other slot has exactly one good entry and the
 * booted slot exactly one entry. Plan: rename the booted slot's entry to "+0-N" (bad, sorted
 * last), N = tries done so far or 1. Already bad: nothing to do. */
int plan_rollback(const struct esp_entries *e, char booted, struct entry_plan *p,
		  struct upd_error *err) UPD_WUR;

#endif
