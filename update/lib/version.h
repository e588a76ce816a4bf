/* Product versions: dotted numeric MAJOR.MINOR.PATCH, compared numerically (1.10.0 > 1.9.0). */
#ifndef UPD_VERSION_H
#define UPD_VERSION_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define VERSION_PART_MAX 999999U
#define VERSION_PART_DIGITS 6
#define VERSION_STR_MAX (3 * VERSION_PART_DIGITS + 2 + 1) /* "999999.999999.999999" + NUL */

struct version {
	uint32_t major, minor, patch;
};

/* Parses exactly len bytes: three parts of 1..6 decimal digits each (0..999999), no sign, no
 * leading zero (so every version has one spelling), separated by single dots. 0, or -1 with err. */
int version_parse(const char *s, size_t len, struct version *v, struct upd_error *err) UPD_WUR;

/* <0, 0, >0 as a is older than, the same as, newer than b. */
int version_compare(const struct version *a, const struct version *b);

/* "MAJOR.MINOR.PATCH" into out (VERSION_STR_MAX bytes); returns out. */
char *version_format(const struct version *v, char out[VERSION_STR_MAX]);

#endif
