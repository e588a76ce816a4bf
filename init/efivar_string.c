#include <stdint.h>

#include "efivar_string.h"
#include "errbuf.h"

int efivar_string_decode(const unsigned char *buf, size_t len, char *out, size_t cap, char *err,
			 size_t errcap)
{
	uint32_t attr;
	size_t units, chars, i;
	const unsigned char *s = buf + EFIVAR_ATTR_BYTES;

	if (cap > 0)
		out[0] = '\0';
	if (len < EFIVAR_ATTR_BYTES + 2) {
		err_set(err, errcap,
			"%zu bytes, too short for %d attribute bytes and a NUL-terminated UTF-16LE string",
			len, EFIVAR_ATTR_BYTES);
		return -1;
	}
	if ((len - EFIVAR_ATTR_BYTES) % 2 != 0) {
		err_set(err, errcap, "odd number of UTF-16LE string bytes (%zu)",
			len - EFIVAR_ATTR_BYTES);
		return -1;
	}
	units = (len - EFIVAR_ATTR_BYTES) / 2;
	chars = units - 1;
	if (chars > EFIVAR_STRING_MAX || chars >= cap) {
		err_set(err, errcap, "%zu characters, more than %d", chars,
			chars >= cap && cap <= EFIVAR_STRING_MAX ? (int)cap - 1 : EFIVAR_STRING_MAX);
		return -1;
	}
	if (s[2 * chars] != 0 || s[2 * chars + 1] != 0) {
		err_set(err, errcap, "string is not NUL-terminated");
		return -1;
	}
	attr = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 |
	       (uint32_t)buf[3] << 24;
	if (attr & EFIVAR_ATTR_NON_VOLATILE) {
		err_set(err, errcap,
			"non-volatile (attributes 0x%08x): systemd-boot sets it volatile, so it is not about this boot",
			(unsigned)attr);
		return -1;
	}
	if (chars == 0) {
		err_set(err, errcap, "empty string");
		return -1;
	}
	for (i = 0; i < chars; i++) {
		unsigned u = (unsigned)s[2 * i] | (unsigned)s[2 * i + 1] << 8;

		if (u == 0) {
			err_set(err, errcap, "NUL at character %zu, before the end of the string", i);
			return -1;
		}
		if (u < 0x20 || u > 0x7e) {
			err_set(err, errcap, "character %zu is U+%04X, not printable ASCII", i, u);
			return -1;
		}
	}
	/* only a string that passed every check reaches out */
	for (i = 0; i < chars; i++)
		out[i] = (char)s[2 * i];
	out[chars] = '\0';
	return 0;
}
