/* EFI variables as efivarfs shows them: a 4-byte attribute word, then the data. systemd-boot's
 * variables (REFERENCE C.2) hold NUL-terminated UTF-16LE strings; the agent only ever expects
 * printable ASCII in them. The firmware's boot variables, which provision writes, are in
 * boot_vars.h. */
#ifndef NU_EFIVAR_H
#define NU_EFIVAR_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define EFIVAR_MAX 1024                  /* bytes of one variable file we accept */
#define EFIVAR_STRING_MAX ((EFIVAR_MAX - 4) / 2)
#define EFIVAR_WRITE_MAX 2048            /* data bytes of one variable we write */
#define EFI_VARIABLE_NON_VOLATILE 0x00000001u
#define LOADER_GUID "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"

/* Decodes a string variable. Refuses: fewer than 4 + 2 bytes, an odd UTF-16 length, a
 * non-volatile variable (systemd-boot sets its variables for one boot; a persistent one was
 * not set by this boot), anything but printable ASCII, data after the NUL, an empty string.
 * what names the variable in messages. 0, or -1 with err (UPD_ERR_BAD). */
int efivar_string_parse(const uint8_t *buf, size_t len, const char *what, uint32_t *attributes,
			char *out, size_t cap, struct upd_error *err) UPD_WUR;

/* Reads dir/file (at most EFIVAR_MAX bytes). 1 when present, 0 when absent, -1 with err. */
int efivar_read(const char *dir, const char *file, uint8_t *buf, size_t *len,
		struct upd_error *err) UPD_WUR;

/* Sets dir/file to attributes + data (len <= EFIVAR_WRITE_MAX) with one write(): efivarfs
 * takes a variable whole or not at all. The file of an existing variable may be immutable
 * (efivarfs marks most so, against a stray rm): the flag is cleared first, as efibootmgr does;
 * a new variable's file is created. 0, or -1 with err (UPD_ERR_SYS). */
int efivar_write(const char *dir, const char *file, uint32_t attributes, const uint8_t *data,
		 size_t len, struct upd_error *err) UPD_WUR;

#endif
