#include <errno.h>
#include <string.h>

#include "bundle_reader.h"
#include "upd_io.h"

int bundle_read(struct bundle_reader *r, void *buf, size_t len, const char *what,
		struct upd_error *err)
{
	ssize_t n = upd_read_full(r->fd, buf, len);

	if (n < 0)
		return upd_fail(err, UPD_ERR_SYS, "read error at offset %llu (%s): %s",
				(unsigned long long)r->offset, what, strerror(errno));
	if ((size_t)n != len)
		return upd_fail(err, UPD_ERR_BAD,
				"truncated: %s needs %zu bytes at offset %llu, only %zd left", what,
				len, (unsigned long long)r->offset, n);
	r->offset += len;
	return 0;
}

int bundle_member_next(struct bundle_reader *r, const char *want, const char *const *seen,
		       size_t nseen, struct tar_member *m, struct upd_error *err)
{
	uint8_t block[TAR_BLOCK_SIZE];
	uint64_t at = r->offset;
	size_t i;

	if (bundle_read(r, block, sizeof block, "a member header", err) < 0)
		return -1;
	r->member++;
	if (tar_block_is_zero(block))
		return upd_fail(err, UPD_ERR_BAD,
				"archive ends at offset %llu where member %u \"%s\" was expected",
				(unsigned long long)at, r->member, want);
	if (tar_header_parse(block, m, err) < 0) {
		upd_error_prefix(err, "member %u header at offset %llu: ", r->member,
				 (unsigned long long)at);
		return -1;
	}
	if (strcmp(m->name, want) == 0)
		return 0;
	for (i = 0; i < nseen; i++)
		if (strcmp(m->name, seen[i]) == 0)
			return upd_fail(err, UPD_ERR_BAD,
					"member %u is a second \"%s\" (duplicate); expected \"%s\"",
					r->member, m->name, want);
	return upd_fail(err, UPD_ERR_BAD, "member %u is \"%s\"; expected \"%s\" (members are %s)",
			r->member, m->name, want,
			"manifest, manifest.minisig, root.img, uki.efi, in that order");
}

int bundle_member_padding(struct bundle_reader *r, const struct tar_member *m,
			  struct upd_error *err)
{
	uint8_t pad[TAR_BLOCK_SIZE];
	size_t n = (size_t)(tar_padded_size(m->size) - m->size), i;

	if (n == 0)
		return 0;
	if (bundle_read(r, pad, n, "member padding", err) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (pad[i] != 0)
			return upd_fail(err, UPD_ERR_BAD, "padding after member \"%s\" is not zero",
					m->name);
	return 0;
}

int bundle_archive_end(struct bundle_reader *r, const char *last, struct upd_error *err)
{
	uint8_t block[TAR_BLOCK_SIZE];
	struct tar_member m;
	ssize_t n;
	int i;

	for (i = 0; i < TAR_END_BLOCKS; i++) {
		uint64_t at = r->offset;

		if (bundle_read(r, block, sizeof block, "the end-of-archive blocks", err) < 0)
			return -1;
		if (tar_block_is_zero(block))
			continue;
		if (i == 0 && tar_header_parse(block, &m, NULL) == 0)
			return upd_fail(err, UPD_ERR_BAD, "extra member \"%s\" after \"%s\"", m.name,
					last);
		return upd_fail(err, UPD_ERR_BAD,
				"non-zero block at offset %llu where the archive should end",
				(unsigned long long)at);
	}
	n = upd_read_full(r->fd, block, 1);
	if (n < 0)
		return upd_fail(err, UPD_ERR_SYS, "read error after the archive end: %s",
				strerror(errno));
	if (n > 0)
		return upd_fail(err, UPD_ERR_BAD,
				"data after the end-of-archive blocks (offset %llu); a bundle ends there",
				(unsigned long long)r->offset);
	return 0;
}
