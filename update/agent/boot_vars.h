/* The firmware's boot manager variables (UEFI 2.10, "Globally Defined Variables"), vendor GUID
 * EFI_GLOBAL_VARIABLE, as efivarfs names and shows them (attribute word, then the data):
 *
 *   Boot####   an EFI_LOAD_OPTION (load_option.h); #### is four upper-case hex digits
 *   BootOrder  UINT16 option numbers, the order the boot manager tries them in
 *   BootNext   one UINT16: the option to boot next, once (the boot manager deletes it)
 *
 * Pure: what is read back is firmware data, every length checked. */
#ifndef NU_BOOT_VARS_H
#define NU_BOOT_VARS_H

#include <stddef.h>
#include <stdint.h>

#include "efivar.h"
#include "load_option.h"
#include "upd_attr.h"
#include "upd_error.h"

#define EFI_GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define BOOT_ORDER_FILE "BootOrder-" EFI_GLOBAL_GUID
#define BOOT_NEXT_FILE "BootNext-" EFI_GLOBAL_GUID
#define BOOT_VAR_FILE_MAX (sizeof("Boot####-" EFI_GLOBAL_GUID))  /* with the NUL */
#define BOOT_ORDER_MAX ((EFIVAR_MAX - 4) / 2)     /* entries read: 510 */
#define BOOT_OPTIONS 65536                        /* Boot0000 .. BootFFFF */

/* NON_VOLATILE | BOOTSERVICE_ACCESS | RUNTIME_ACCESS: what the spec asks of all three */
#define BOOT_VAR_ATTRIBUTES 0x00000007u

struct boot_order {
	unsigned n;
	uint16_t num[BOOT_ORDER_MAX + 1];     /* + 1: room for ours in front of a full one */
};

/* efivarfs's bytes of BootOrder: the attribute word, then whole UINT16s. Refuses fewer than 4
 * bytes, an odd number after them, more than BOOT_ORDER_MAX entries. No entries is an empty
 * order. 0, or -1 with err (UPD_ERR_BAD). */
int boot_order_parse(const uint8_t *buf, size_t len, struct boot_order *o,
		     struct upd_error *err) UPD_WUR;

/* out = first, then every entry of in but first, in their order. Returns 1 when out differs
 * from in, 0 when in already was that. */
int boot_order_put_first(const struct boot_order *in, uint16_t first, struct boot_order *out);

/* The option number of an efivarfs file name Boot####-<EFI_GLOBAL_GUID>, or -1 for any other
 * name (lower-case digits too: the firmware never looks such a variable up). */
int boot_var_number(const char *name);

/* "Boot####-<EFI_GLOBAL_GUID>" for num. */
void boot_var_name(uint16_t num, char out[BOOT_VAR_FILE_MAX]);

/* What a look at every Boot#### found, to choose the number of ours. */
struct boot_scan {
	uint8_t used[BOOT_OPTIONS / 8];
	int same_path;                    /* the lowest entry with our device path, or -1 */
	int same_but_guid;                /* the lowest earlier provision's entry, or -1 */
};

void boot_scan_init(struct boot_scan *s);
void boot_scan_add(struct boot_scan *s, uint16_t num, enum load_option_kin kin);

/* The number for ours: an entry with our device path (a provision run again must not pile up
 * entries), else an earlier provision's entry for a disk of that name (its partition GUID is
 * gone with the GPT this provision replaced), else the lowest free number. *kin says which
 * (LOAD_OPTION_OTHER: a new entry). -1 when all BOOT_OPTIONS are taken. */
int boot_scan_pick(const struct boot_scan *s, enum load_option_kin *kin);

#endif
