/* GPT on disk (UEFI 2.10, chapter 5), for 512-byte logical sectors: the protective MBR in
 * sector 0, the header at LBA 1 and its copy at the last LBA, 128 entries of 128 bytes after
 * the primary header and before the backup one. Byte-array structs: no padding, no host byte
 * order; every multi-byte field is little-endian. */
#ifndef NU_GPT_FORMAT_H
#define NU_GPT_FORMAT_H

#include <stdint.h>

#define GPT_SECTOR 512
#define GPT_SIGNATURE "EFI PART"
#define GPT_REVISION 0x00010000u          /* 1.0 */
#define GPT_HEADER_SIZE 92
#define GPT_ENTRY_SIZE 128
#define GPT_ENTRIES 128
#define GPT_ENTRIES_BYTES (GPT_ENTRIES * GPT_ENTRY_SIZE)    /* 16 KiB, the spec's minimum */
#define GPT_ENTRIES_SECTORS (GPT_ENTRIES_BYTES / GPT_SECTOR)  /* 32 */
#define GPT_ENTRIES_LBA 2
#define GPT_NAME_UNITS 36                 /* UTF-16 code units in an entry's name */
#define GPT_GUID_SIZE 16

#define MBR_PART_OFFSET 446               /* first of the four 16-byte partition records */
#define MBR_TYPE_PROTECTIVE 0xee
#define MBR_SIG_OFFSET 510                /* 0x55 0xAA */

struct gpt_header_raw {
	uint8_t signature[8];
	uint8_t revision[4];
	uint8_t header_size[4];
	uint8_t header_crc[4];            /* over header_size bytes, this field zeroed */
	uint8_t reserved[4];
	uint8_t my_lba[8];
	uint8_t alternate_lba[8];
	uint8_t first_usable_lba[8];
	uint8_t last_usable_lba[8];
	uint8_t disk_guid[GPT_GUID_SIZE];
	uint8_t entries_lba[8];
	uint8_t entries_count[4];
	uint8_t entry_size[4];
	uint8_t entries_crc[4];
};

struct gpt_entry_raw {
	uint8_t type_guid[GPT_GUID_SIZE];     /* all zero: an unused entry */
	uint8_t unique_guid[GPT_GUID_SIZE];
	uint8_t first_lba[8];
	uint8_t last_lba[8];                  /* inclusive */
	uint8_t attributes[8];
	uint8_t name[2 * GPT_NAME_UNITS];     /* UTF-16LE, NUL-padded */
};

struct mbr_part_raw {
	uint8_t status;
	uint8_t chs_first[3];
	uint8_t type;
	uint8_t chs_last[3];
	uint8_t lba_first[4];
	uint8_t sectors[4];
};

_Static_assert(sizeof(struct gpt_header_raw) == GPT_HEADER_SIZE, "GPT header is 92 bytes");
_Static_assert(sizeof(struct gpt_entry_raw) == GPT_ENTRY_SIZE, "GPT entry is 128 bytes");
_Static_assert(sizeof(struct mbr_part_raw) == 16, "MBR partition record is 16 bytes");

#endif
