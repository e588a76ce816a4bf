#include <string.h>

#include "tar_header.h"

/* Writes v as zero-padded octal filling n-1 bytes, then a NUL (the GNU tar and POSIX spelling). */
static void octal_put(uint8_t *f, size_t n, uint64_t v)
{
	size_t i = n - 1;

	f[i] = 0;
	while (i-- > 0) {
		f[i] = (uint8_t)('0' + (v & 7));
		v >>= 3;
	}
}

int tar_header_build(uint8_t block[TAR_BLOCK_SIZE], const char *name, uint64_t size,
		     uint64_t mtime, struct upd_error *err)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;
	size_t len = strlen(name);
	unsigned sum = 0;
	size_t i;

	if (!tar_name_valid(name, len))
		return upd_fail(err, UPD_ERR_BAD, "\"%s\" is not a valid member name", name);
	if (size > TAR_SIZE_MAX)
		return upd_fail(err, UPD_ERR_BAD, "member \"%s\" is %llu bytes, more than ustar's %llu",
				name, (unsigned long long)size, (unsigned long long)TAR_SIZE_MAX);
	if (mtime > TAR_MTIME_MAX)
		return upd_fail(err, UPD_ERR_BAD, "member \"%s\": mtime %llu does not fit ustar", name,
				(unsigned long long)mtime);
	memset(block, 0, TAR_BLOCK_SIZE);
	memcpy(h->name, name, len);
	octal_put(h->mode, sizeof h->mode, 0644);
	octal_put(h->uid, sizeof h->uid, 0);
	octal_put(h->gid, sizeof h->gid, 0);
	octal_put(h->size, sizeof h->size, size);
	octal_put(h->mtime, sizeof h->mtime, mtime);
	h->typeflag[0] = '0';
	memcpy(h->magic, "ustar", 6);
	memcpy(h->version, "00", 2);
	memcpy(h->uname, "root", 4);
	memcpy(h->gname, "root", 4);
	octal_put(h->devmajor, sizeof h->devmajor, 0);
	octal_put(h->devminor, sizeof h->devminor, 0);
	memset(h->chksum, ' ', sizeof h->chksum);
	for (i = 0; i < TAR_BLOCK_SIZE; i++)
		sum += block[i];
	/* six digits, NUL, space: what GNU tar writes */
	octal_put(h->chksum, 7, sum);
	h->chksum[7] = ' ';
	return 0;
}
