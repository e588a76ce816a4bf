/* Reading a disk's primary GPT (untrusted bytes): is there one, is it whole and consistent, and
 * which partitions does it list. The installer tells a blank disk from one holding a partition
 * table with it; the tests read gpt_layout's output back with it. Pure: the caller reads
 * LBA 1 and the entry array (LBA 2 on) and gives the disk's size. */
#ifndef NU_GPT_CHECK_H
#define NU_GPT_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "gpt_format.h"
#include "upd_attr.h"
#include "upd_error.h"

struct gpt_part_info {
	unsigned index;                   /* entry number from 1: the kernel's partition number */
	uint8_t type_guid[GPT_GUID_SIZE];
	uint8_t unique_guid[GPT_GUID_SIZE];
	uint64_t first_lba, last_lba;     /* inclusive */
	uint64_t attributes;
	char name[GPT_NAME_UNITS + 1];    /* printable ASCII; every other character becomes '?' */
};

struct gpt_table {
	uint8_t disk_guid[GPT_GUID_SIZE];
	uint64_t alternate_lba, first_usable_lba, last_usable_lba;
	uint32_t entries_count;
	unsigned nparts;                  /* used entries, in entry order */
	struct gpt_part_info parts[GPT_ENTRIES];
};

/* lba1: GPT_SECTOR bytes. entries: entries_len bytes from LBA 2 on (GPT_ENTRIES_BYTES holds
 * every standard table). Checks the signature, revision 1.0, the header size, the header CRC,
 * the header's own LBA (1), the backup LBA and the usable range inside disk_sectors, entries at
 * LBA 2 of 128 bytes each and no more than entries_len holds, the entry array's CRC, and every
 * used entry inside the usable range without overlapping another.
 * 1 with t filled: a valid GPT. 0 with err: no GPT signature at LBA 1 (not a GPT disk; the
 * installer still looks for other tables and file systems). -1 with err: a GPT signature, but
 * the table is corrupt or of a shape this reader does not take. */
int gpt_check(const uint8_t *lba1, const uint8_t *entries, size_t entries_len,
	      uint64_t disk_sectors, struct gpt_table *t, struct upd_error *err) UPD_WUR;

#endif
