#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "tar_header.h"

#define FIELD_SHOW_MAX 40 /* enough to show any header field in a message */

/* A field made printable for an error message: trailing NULs dropped, other bytes as '?'. */
static const char *field_show(const uint8_t *f, size_t n, char out[FIELD_SHOW_MAX])
{
	size_t i, end = n;

	while (end > 0 && f[end - 1] == 0)
		end--;
	if (end > FIELD_SHOW_MAX - 1)
		end = FIELD_SHOW_MAX - 1;
	for (i = 0; i < end; i++)
		out[i] = (f[i] >= 0x20 && f[i] < 0x7f) ? (char)f[i] : '?';
	out[end] = '\0';
	return out;
}

static int all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* Octal field: optional leading spaces, at least one digit, then only NULs or spaces. The value
 * must be at most max. Base-256 (high bit) and empty fields are refused. */
static int octal_parse(const uint8_t *f, size_t n, uint64_t max, uint64_t *out)
{
	size_t i = 0;
	uint64_t v = 0;
	int digits = 0;

	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v > (max >> 3))
			return -1;
		v = v << 3 | (uint64_t)(f[i] - '0');
		digits++;
	}
	if (digits == 0 || v > max)
		return -1;
	for (; i < n; i++)
		if (f[i] != 0 && f[i] != ' ')
			return -1;
	*out = v;
	return 0;
}

static int octal_field(const uint8_t *f, size_t n, uint64_t max, const char *what, uint64_t *out,
		       struct upd_error *err)
{
	char show[FIELD_SHOW_MAX];

	if (octal_parse(f, n, max, out) == 0)
		return 0;
	return upd_fail(err, UPD_ERR_BAD, "%s field \"%s\" is not an octal number up to %llo", what,
			field_show(f, n, show), (unsigned long long)max);
}

/* Device numbers mean nothing for a regular file: accept them empty or octal. */
static int devnum_ok(const uint8_t *f, size_t n)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < n; i++)
		if (f[i] != 0 && f[i] != ' ')
			break;
	return i == n || octal_parse(f, n, TAR_ID_MAX, &v) == 0;
}

/* A text field must end in a NUL inside the field (POSIX) and hold nothing after it. */
static int cstring_field_ok(const uint8_t *f, size_t n)
{
	const uint8_t *nul = memchr(f, 0, n);

	return nul != NULL && all_zero(nul, n - (size_t)(nul - f));
}

static unsigned header_sum(const uint8_t *b)
{
	unsigned sum = 0;
	size_t i;

	/* the checksum field counts as eight spaces; bytes are unsigned (POSIX) */
	for (i = 0; i < TAR_BLOCK_SIZE; i++)
		sum += (i >= offsetof(struct tar_header_raw, chksum) &&
			i < offsetof(struct tar_header_raw, chksum) + 8) ? ' ' : b[i];
	return sum;
}

static int magic_ok(const struct tar_header_raw *h)
{
	static const uint8_t posix[8] = { 'u', 's', 't', 'a', 'r', 0, '0', '0' };
	static const uint8_t gnu[8] = { 'u', 's', 't', 'a', 'r', ' ', ' ', 0 };

	/* magic and version are adjacent: compare them as one 8-byte field */
	return memcmp(h->magic, posix, 8) == 0 || memcmp(h->magic, gnu, 8) == 0;
}

static int name_parse(const struct tar_header_raw *h, struct tar_member *m, struct upd_error *err)
{
	char show[FIELD_SHOW_MAX];
	const uint8_t *nul = memchr(h->name, 0, sizeof h->name);
	size_t len = nul ? (size_t)(nul - h->name) : sizeof h->name;

	if (!all_zero(h->name + len, sizeof h->name - len))
		return upd_fail(err, UPD_ERR_BAD, "name field \"%s\" has bytes after its NUL",
				field_show(h->name, sizeof h->name, show));
	if (!tar_name_valid((const char *)h->name, len))
		return upd_fail(err, UPD_ERR_BAD,
				"name \"%s\" is not a plain member name ([A-Za-z0-9._+-], no leading "
				"dot, no \"..\", no \"/\")",
				field_show(h->name, sizeof h->name, show));
	if (!all_zero(h->prefix, sizeof h->prefix))
		return upd_fail(err, UPD_ERR_BAD, "member \"%.*s\" has a name prefix (a directory)",
				(int)len, (const char *)h->name);
	memcpy(m->name, h->name, len);
	m->name[len] = '\0';
	return 0;
}

int tar_header_parse(const uint8_t block[TAR_BLOCK_SIZE], struct tar_member *m,
		     struct upd_error *err)
{
	const struct tar_header_raw *h = (const struct tar_header_raw *)block;
	char show[FIELD_SHOW_MAX];
	uint64_t chksum, mode, id;

	if (octal_field(h->chksum, sizeof h->chksum, TAR_CHKSUM_MAX, "checksum", &chksum, err) < 0)
		return -1;
	if (chksum != header_sum(block))
		return upd_fail(err, UPD_ERR_BAD,
				"header checksum %llo does not match the header bytes (sum %o)",
				(unsigned long long)chksum, header_sum(block));
	if (!magic_ok(h))
		return upd_fail(err, UPD_ERR_BAD,
				"magic \"%s\" is not ustar (POSIX \"ustar\\0\" \"00\" or GNU \"ustar  \\0\")",
				field_show(h->magic, 8, show));
	if (name_parse(h, m, err) < 0)
		return -1;
	if (h->typeflag[0] != '0' && h->typeflag[0] != '\0')
		return upd_fail(err, UPD_ERR_BAD,
				"member \"%s\" has type '%c' (0x%02x), only regular files are allowed",
				m->name, h->typeflag[0] >= 0x20 && h->typeflag[0] < 0x7f ? h->typeflag[0] : '?',
				h->typeflag[0]);
	if (!all_zero(h->linkname, sizeof h->linkname))
		return upd_fail(err, UPD_ERR_BAD, "member \"%s\" has a link name", m->name);
	if (octal_field(h->mode, sizeof h->mode, TAR_MODE_MAX, "mode", &mode, err) < 0 ||
	    octal_field(h->uid, sizeof h->uid, TAR_ID_MAX, "uid", &id, err) < 0 ||
	    octal_field(h->gid, sizeof h->gid, TAR_ID_MAX, "gid", &id, err) < 0 ||
	    octal_field(h->size, sizeof h->size, TAR_SIZE_MAX, "size", &m->size, err) < 0 ||
	    octal_field(h->mtime, sizeof h->mtime, TAR_MTIME_MAX, "mtime", &m->mtime, err) < 0) {
		upd_error_prefix(err, "member \"%s\": ", m->name);
		return -1;
	}
	m->mode = (uint32_t)mode;
	if (!devnum_ok(h->devmajor, sizeof h->devmajor) || !devnum_ok(h->devminor, sizeof h->devminor))
		return upd_fail(err, UPD_ERR_BAD, "member \"%s\": device number fields are not octal",
				m->name);
	if (!cstring_field_ok(h->uname, sizeof h->uname) || !cstring_field_ok(h->gname, sizeof h->gname))
		return upd_fail(err, UPD_ERR_BAD,
				"member \"%s\": owner name fields are not NUL-terminated", m->name);
	if (!all_zero(h->pad, sizeof h->pad))
		return upd_fail(err, UPD_ERR_BAD, "member \"%s\": header padding is not zero", m->name);
	return 0;
}

int tar_block_is_zero(const uint8_t block[TAR_BLOCK_SIZE])
{
	return all_zero(block, TAR_BLOCK_SIZE);
}

uint64_t tar_padded_size(uint64_t size)
{
	return (size + TAR_BLOCK_SIZE - 1) / TAR_BLOCK_SIZE * TAR_BLOCK_SIZE;
}
