/*
 * Pure decoder for a string EFI variable as efivarfs shows it (REFERENCE C.2): a 4-byte
 * little-endian attribute word, then UTF-16LE characters ending in one NUL.
 */
#ifndef NODE_EFIVAR_STRING_H
#define NODE_EFIVAR_STRING_H

#include <stddef.h>
#include "compiler.h"

#define EFIVAR_ATTR_BYTES 4
#define EFIVAR_ATTR_NON_VOLATILE 0x00000001u
#define EFIVAR_STRING_MAX 255	/* characters, NUL excluded: entry ids and \EFI\Linux\ paths */
#define EFIVAR_FILE_MAX (EFIVAR_ATTR_BYTES + 2 * (EFIVAR_STRING_MAX + 1))

/*
 * Decodes len bytes into out (cap > EFIVAR_STRING_MAX, or at least the string length + 1).
 * Refuses: fewer than 6 bytes, an odd string byte count, a missing final NUL, a NUL before the
 * end, more than EFIVAR_STRING_MAX characters, anything but printable ASCII, an empty string, and
 * a non-volatile variable (systemd-boot sets its variables volatile, so a persistent one does not
 * describe this boot). 0, or -1 with a reason in err.
 */
int efivar_string_decode(const unsigned char *buf, size_t len, char *out, size_t cap, char *err,
			 size_t errcap) WUR;

#endif
