/* One 512-byte ustar header: parse and validate strictly (bundle_verify), or build one (nodebundle).
 * Only what a bundle needs is accepted: regular files with plain names, no links, no extensions. */
#ifndef UPD_TAR_HEADER_H
#define UPD_TAR_HEADER_H

#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define TAR_BLOCK_SIZE 512
#define TAR_NAME_MAX 100                 /* the name field; a name may fill it without a NUL */
#define TAR_SIZE_MAX 077777777777ULL     /* 11 octal digits: 8 GiB - 1; base-256 sizes are refused */
#define TAR_MTIME_MAX 077777777777ULL
#define TAR_MODE_MAX 07777U
#define TAR_ID_MAX 07777777U             /* uid and gid: 7 octal digits */
#define TAR_CHKSUM_MAX 07777777U         /* 512 bytes of 0xff sum to 0376000: fits easily */
#define TAR_END_BLOCKS 2                 /* an archive ends with two zero blocks */

/* The ustar header as it is on disk: byte arrays only, so parsing is bounds-free field access. */
struct tar_header_raw {
	uint8_t name[100];
	uint8_t mode[8];
	uint8_t uid[8];
	uint8_t gid[8];
	uint8_t size[12];
	uint8_t mtime[12];
	uint8_t chksum[8];
	uint8_t typeflag[1];
	uint8_t linkname[100];
	uint8_t magic[6];    /* "ustar\0" (POSIX) or "ustar " (GNU) */
	uint8_t version[2];  /* "00" (POSIX) or " \0" (GNU) */
	uint8_t uname[32];
	uint8_t gname[32];
	uint8_t devmajor[8];
	uint8_t devminor[8];
	uint8_t prefix[155];
	uint8_t pad[12];
};
_Static_assert(sizeof(struct tar_header_raw) == TAR_BLOCK_SIZE, "ustar header is one block");

struct tar_member {
	char name[TAR_NAME_MAX + 1];
	uint64_t size;
	uint64_t mtime;
	uint32_t mode;
};

/* Validates checksum, magic, octal fields and their bounds, type (regular file only) and the name
 * rules (tar_name_valid). Fills m. 0, or -1 with err (kind UPD_ERR_BAD). */
int tar_header_parse(const uint8_t block[TAR_BLOCK_SIZE], struct tar_member *m,
		     struct upd_error *err) UPD_WUR;

/* 1 if every byte of the block is zero (an end-of-archive block). */
int tar_block_is_zero(const uint8_t block[TAR_BLOCK_SIZE]);

/* Size rounded up to whole blocks. size must be at most TAR_SIZE_MAX. */
uint64_t tar_padded_size(uint64_t size);

/* 1 if name is a member name a bundle may hold: 1..TAR_NAME_MAX bytes of [A-Za-z0-9._+-],
 * no leading dot (so no "." or ".." or hidden files), no "..", no '/', no NUL. */
int tar_name_valid(const char *name, size_t len);

/* Builds a POSIX ustar header for a regular file (mode 0644, owner 0:0). 0, or -1 with err if
 * the name is invalid or size/mtime do not fit. */
int tar_header_build(uint8_t block[TAR_BLOCK_SIZE], const char *name, uint64_t size,
		     uint64_t mtime, struct upd_error *err) UPD_WUR;

#endif
