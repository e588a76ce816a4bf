/* Boot Loader Specification boot-counting names (REFERENCE C.2): "<stem>+<left>[-<done>]<suffix>"
 * on trial, "<stem><suffix>" once blessed, with suffix ".efi" (type #2 UKI) or ".conf" (type #1).
 * Like systemd-boot v252 the counter follows the last '+'; unlike it, a name whose counter does
 * not parse is refused rather than treated as uncounted, so the agent never guesses. */
#ifndef UPD_BLS_NAME_H
#define UPD_BLS_NAME_H

#include <stddef.h>

#include "upd_attr.h"
#include "upd_error.h"

#define BLS_NAME_MAX 255          /* a FAT long file name */
#define BLS_SUFFIX_MAX 5          /* ".conf" */
#define BLS_COUNT_DIGITS_MAX 10   /* INT_MAX has 10 digits; leading zeros beyond that are refused */

struct bls_name {
	char stem[BLS_NAME_MAX + 1];
	char suffix[BLS_SUFFIX_MAX + 1];
	int counting;  /* 0: blessed (no counter) */
	int left;      /* tries left */
	int has_done;  /* "-DONE" present (sd-boot always adds it on the first decrement) */
	int done;      /* tries done; 0 when absent */
};

/* Parses a file name (no directory). Refuses an empty stem, a stem with '/' '\\' or non-printable
 * bytes, an unknown suffix, an empty or non-decimal counter, a counter with a sign or more than one
 * '-', and numbers above INT_MAX. 0, or -1 with err. */
int bls_name_parse(const char *name, struct bls_name *b, struct upd_error *err) UPD_WUR;

/* Formats b back: "stem+L-D.suf", "stem+L.suf" or "stem.suf" (no zero padding, like v252).
 * 0, or -1 with err if it does not fit cap or the fields are out of range. */
int bls_name_format(const struct bls_name *b, char *out, size_t cap, struct upd_error *err) UPD_WUR;

#endif
