/* The GPT the installer writes onto a blank disk: pure computation of every sector it needs
 * (protective MBR, primary header, entry array, backup header), no I/O. Partitions go in the
 * given order, each starting on a 1 MiB boundary, the first at 1 MiB.
 *
 * The result is byte-identical to what sfdisk (util-linux 2.38) writes for the same partitions
 * and GUIDs (tests/unit/test_update_gpt.c compares them), so a node the installer made and the
 * development disk made by image/build-disk.sh look the same to every tool. Where the spec
 * allows a choice, sfdisk's is taken:
 *   - first usable LBA 2048 (1 MiB), not the minimum 34: the gap before the first partition
 *     is not offered to partitioning tools, and the first partition starts there anyway;
 *   - a "rest of the disk" partition ends on a 1 MiB boundary (up to 1 MiB before the backup
 *     entries stays unused), as every partition starts on one;
 *   - the MBR's boot code and disk signature are zero, its record's CHS fields are 0/0/2 and
 *     0xFF 0xFF 0xFF (the "not representable" form). */
#ifndef NU_GPT_LAYOUT_H
#define NU_GPT_LAYOUT_H

#include <stdint.h>

#include "gpt_format.h"
#include "gpt_guid.h"
#include "upd_attr.h"
#include "upd_error.h"

#define GPT_LAYOUT_PARTS_MAX 8
#define GPT_NAME_MAX GPT_NAME_UNITS       /* ASCII characters in a partition name */
#define GPT_ALIGN_SECTORS 2048            /* 1 MiB */
#define GPT_FIRST_USABLE GPT_ALIGN_SECTORS
#define GPT_SIZE_REST UINT64_MAX          /* size: everything up to the end of the disk */
#define GPT_DISK_SECTORS_MAX (1ull << 48) /* 128 PiB: keeps every sector and byte sum far from
					   * overflowing 64 bits */

struct gpt_part_spec {
	const char *name;                 /* printable ASCII, at most GPT_NAME_MAX */
	const char *type_guid;            /* text form, e.g. C12A7328-F81F-11D2-BA4B-00A0C93EC93B */
	const char *unique_guid;
	uint64_t size;                    /* bytes, a multiple of 512; or GPT_SIZE_REST (last only) */
};

struct gpt_layout_spec {
	uint64_t disk_sectors;            /* the whole disk, in logical sectors */
	unsigned sector_size;             /* the disk's logical sector size: 512 only */
	const char *disk_guid;
	const struct gpt_part_spec *parts;
	unsigned nparts;                  /* 0..GPT_LAYOUT_PARTS_MAX */
};

/* What to write where: mbr at LBA 0, header at LBA 1, entries at LBA 2 (GPT_ENTRIES_SECTORS)
 * and again at backup_entries_lba, backup_header at backup_header_lba (the last sector). */
struct gpt_image {
	uint8_t mbr[GPT_SECTOR];
	uint8_t header[GPT_SECTOR];
	uint8_t entries[GPT_ENTRIES_BYTES];
	uint8_t backup_header[GPT_SECTOR];
	uint64_t backup_entries_lba;
	uint64_t backup_header_lba;
	uint64_t first_lba[GPT_LAYOUT_PARTS_MAX];   /* where each partition landed */
	uint64_t last_lba[GPT_LAYOUT_PARTS_MAX];    /* inclusive */
};

/* 0 with img filled, or -1 with err: a sector size other than 512, more than 8 partitions,
 * a bad GUID (duplicate unique GUIDs too), a name too long or not printable ASCII, a zero size,
 * a size not a multiple of 512, a GPT_SIZE_REST partition that is not the last, or a disk too
 * small (naming the first partition that does not fit and by how many bytes). */
int gpt_layout(const struct gpt_layout_spec *spec, struct gpt_image *img,
	       struct upd_error *err) UPD_WUR;

#endif
