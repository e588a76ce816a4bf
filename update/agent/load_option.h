/* EFI load options, what a Boot#### variable holds after efivarfs's 4-byte attribute word (UEFI
 * 2.10, "Load Options", EFI_LOAD_OPTION; every field little-endian, nothing aligned):
 *
 *   UINT32 Attributes              LOAD_OPTION_ACTIVE: the boot manager may boot it
 *   UINT16 FilePathListLength      bytes of FilePathList
 *   CHAR16 Description[]           UTF-16LE, NUL-terminated
 *   UINT8  FilePathList[]          device path nodes, up to and with the end node
 *   UINT8  OptionalData[]          the rest (the installer's entry has none)
 *
 * The device path the installer writes is the short form that firmware resolves by partition
 * GUID on whichever disk holds it ("Media Device Path" nodes, "Generic Device Path Structures"):
 *
 *   04 01 2a 00  Hard Drive (42 bytes): UINT32 partition number, UINT64 start LBA, UINT64 size
 *                in LBAs, the partition signature (the GPT entry's unique GUID in its on-disk
 *                bytes), UINT8 MBR type 2 (GPT), UINT8 signature type 2 (GUID)
 *   04 04 LL LL  File Path (4 + 2 * (characters + 1) bytes): UTF-16LE, NUL-terminated
 *   7f ff 04 00  End of the entire device path
 *
 * Parsing reads firmware data that any OS or the firmware's own setup may have written: every
 * length is checked against the bytes there are. */
#ifndef NU_LOAD_OPTION_H
#define NU_LOAD_OPTION_H

#include <stddef.h>
#include <stdint.h>

#include "gpt_format.h"
#include "upd_attr.h"
#include "upd_error.h"

#define LOAD_OPTION_ACTIVE 0x00000001u
#define LOAD_OPTION_HEAD 6                /* Attributes + FilePathListLength */
#define LOAD_OPTION_DESC_MAX 64           /* characters of a description the builder writes */
#define LOAD_OPTION_PATH_MAX 128          /* characters of a file path the builder writes */

#define DP_TYPE_MEDIA 0x04
#define DP_MEDIA_HARD_DRIVE 0x01
#define DP_MEDIA_FILE_PATH 0x04
#define DP_TYPE_END 0x7f
#define DP_END_ENTIRE 0xff
#define DP_HEAD 4                         /* type, subtype, UINT16 length */
#define DP_HD_MBR_TYPE_GPT 0x02
#define DP_HD_SIGNATURE_GUID 0x02

struct dp_hard_drive_raw {
	uint8_t type;
	uint8_t subtype;
	uint8_t length[2];
	uint8_t part_number[4];
	uint8_t part_start[8];
	uint8_t part_size[8];
	uint8_t signature[GPT_GUID_SIZE];
	uint8_t mbr_type;
	uint8_t signature_type;
};

_Static_assert(sizeof(struct dp_hard_drive_raw) == 42, "Hard Drive device path node is 42 bytes");

#define DP_HD_SIGNATURE_OFFSET 24         /* offsetof(struct dp_hard_drive_raw, signature) */

/* What the builder can write at most. */
#define LOAD_OPTION_BUILD_MAX (LOAD_OPTION_HEAD + 2 * (LOAD_OPTION_DESC_MAX + 1) + \
			       sizeof(struct dp_hard_drive_raw) + DP_HEAD + \
			       2 * (LOAD_OPTION_PATH_MAX + 1) + DP_HEAD)

/* A GPT partition as the Hard Drive node names it. */
struct hd_partition {
	uint32_t number;                  /* 1 for the first entry of the table */
	uint64_t start_lba;
	uint64_t size_lba;
	uint8_t guid[GPT_GUID_SIZE];      /* the entry's unique partition GUID, on-disk bytes */
};

/* The parts of a load option, pointing into the parsed buffer. */
struct load_option_view {
	uint32_t attributes;
	const uint8_t *desc;              /* UTF-16LE, desc_units code units, without the NUL */
	size_t desc_units;
	const uint8_t *path;              /* FilePathList, path_len bytes */
	size_t path_len;
	size_t optional_len;              /* bytes after FilePathList */
};

/* How an existing entry relates to ours (load_option_match). */
enum load_option_kin {
	LOAD_OPTION_OTHER = 0,
	LOAD_OPTION_SAME_PATH,            /* FilePathList byte-identical */
	LOAD_OPTION_SAME_BUT_GUID,        /* same description, FilePathList identical but for the
					   * Hard Drive node's partition GUID: an earlier provision
					   * of a disk with that name, whose GPT was since replaced */
};

/* Pure: LOAD_OPTION_ACTIVE, description, HD(part)/File(path)/End into out (cap bytes).
 * description and path: 1..LOAD_OPTION_DESC_MAX and 1..LOAD_OPTION_PATH_MAX characters of
 * printable ASCII (path with backslashes, e.g. \EFI\BOOT\BOOTX64.EFI); part->number from 1.
 * 0 with *len set, or -1 with err (UPD_ERR_BAD). */
int load_option_build(const struct hd_partition *part, const char *description, const char *path,
		      uint8_t *out, size_t cap, size_t *len, struct upd_error *err) UPD_WUR;

/* Splits len bytes of a load option (efivarfs's attribute word already taken off). Refuses
 * fewer than LOAD_OPTION_HEAD + 2 bytes, a description without its NUL, a FilePathList that
 * is empty or runs past the end. The device path's nodes are not interpreted: entries are
 * compared byte for byte. 0 with v filled, or -1 with err (UPD_ERR_BAD). */
int load_option_parse(const uint8_t *buf, size_t len, struct load_option_view *v,
		      struct upd_error *err) UPD_WUR;

/* Pure: how have relates to ours (both from load_option_parse; ours from the builder). */
enum load_option_kin load_option_match(const struct load_option_view *have,
				       const struct load_option_view *ours);

#endif
