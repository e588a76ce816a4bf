/* LoaderBootCountPath: the EFI variable systemd-boot sets when it starts a counting entry
 * (REFERENCE C.2): a path such as \EFI\Linux\node-b+2-1.efi. Absent = this boot is not a
 * counting boot. */
#ifndef NU_BOOTCOUNT_VAR_H
#define NU_BOOTCOUNT_VAR_H

#include <stddef.h>
#include <stdint.h>

#include "bls_name.h"
#include "efivar.h"
#include "upd_attr.h"
#include "upd_error.h"

#define BOOTCOUNT_VAR_FILE "LoaderBootCountPath-" LOADER_GUID
#define BOOTCOUNT_DIR "\\EFI\\Linux\\"    /* where type #2 entries live; FAT: any case */

struct bootcount_path {
	uint32_t attributes;
	char path[EFIVAR_STRING_MAX + 1];    /* as systemd-boot wrote it, with backslashes */
	char name[BLS_NAME_MAX + 1];         /* the file name in \EFI\Linux\ */
};

/* Parses the efivarfs bytes (efivar_string_parse's rules), then refuses a path outside
 * \EFI\Linux\ or naming a subdirectory. 0, or -1 with err (UPD_ERR_BAD). */
int bootcount_var_parse(const uint8_t *buf, size_t len, struct bootcount_path *out,
			struct upd_error *err) UPD_WUR;

/* Reads it from efivarfs. 1 and out filled when present, 0 when absent (not a counting boot),
 * -1 with err when unreadable or malformed. */
int bootcount_var_read(const char *efivars_dir, struct bootcount_path *out,
		       struct upd_error *err) UPD_WUR;

#endif
