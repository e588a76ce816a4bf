/* A UKI file on the ESP, read from its start: its sha256 and its .cmdline/.osrel sections. */
#ifndef NU_UKI_FILE_H
#define NU_UKI_FILE_H

#include <stdint.h>

#include "manifest.h"
#include "pe_stream.h"
#include "uki_info.h"
#include "upd_attr.h"
#include "upd_error.h"

/* Reads path through pe (uki_stream_init'd here) and into info. With sha256 non-NULL the whole
 * file is read and hashed (after dropping it from the page cache, so the bytes come from the
 * device); otherwise reading stops once both sections are in. 0, or -1 with err. */
int uki_file_read(const char *path, struct pe_stream *pe, struct uki_info *info,
		  uint8_t sha256[32], uint64_t *size, struct upd_error *err) UPD_WUR;

/* The whole check before a UKI on the ESP becomes a boot entry: size and sha256 against the
 * manifest, then uki_info_check for slot. 0, or -1 with err. */
int uki_file_check(const char *path, const struct manifest *m, char slot, struct pe_stream *pe,
		   struct upd_error *err) UPD_WUR;

/* The .cmdline/.osrel of the entry name in dir (reads only the file's head). 0, or -1 with err. */
int uki_entry_info(const char *dir, const char *name, struct uki_info *info,
		   struct upd_error *err) UPD_WUR;

#endif
