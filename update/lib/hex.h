/* Lowercase hex, the one spelling the manifest allows (so a digest has exactly one text form). */
#ifndef UPD_HEX_H
#define UPD_HEX_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"

/* Decodes exactly 2*outlen lowercase hex digits from s (len must be 2*outlen). 0, or -1. */
int hex_decode(const char *s, size_t len, uint8_t *out, size_t outlen) UPD_WUR;

/* Writes 2*len lowercase hex digits and a NUL to out (2*len+1 bytes). */
void hex_encode(const uint8_t *in, size_t len, char *out);

#endif
