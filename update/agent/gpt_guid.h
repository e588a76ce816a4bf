/* GUIDs as GPT stores them: the text form C12A7328-F81F-11D2-BA4B-00A0C93EC93B, on disk in
 * "mixed-endian" order (the first three groups little-endian, the last two as written). */
#ifndef NU_GPT_GUID_H
#define NU_GPT_GUID_H

#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define GPT_GUID_TEXT 36                  /* characters, without the NUL */

/* Exactly 36 characters: hex digits (either case) with '-' at 8, 13, 18, 23 and nowhere else.
 * 0 with the 16 on-disk bytes in out, or -1 with err (which character, and why). */
int gpt_guid_parse(const char *text, uint8_t out[16], struct upd_error *err) UPD_WUR;

/* The on-disk bytes as upper-case text (sfdisk's and the kernel's form), NUL-terminated. */
void gpt_guid_format(const uint8_t guid[16], char out[GPT_GUID_TEXT + 1]);

/* All sixteen bytes zero: the unused-entry type, never a valid partition or disk GUID. */
int gpt_guid_is_zero(const uint8_t guid[16]);

#endif
