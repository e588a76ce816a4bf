#include <string.h>

#include "le.h"
#include "load_option.h"

/* 1..max characters of printable ASCII. */
static int ascii_ok(const char *s, size_t max, size_t *n)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e || i == max)
			return 0;
	*n = i;
	return i > 0;
}

/* s and its NUL as UTF-16LE at p; the bytes written. */
static size_t utf16_put(uint8_t *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		le16_store(p + 2 * i, (uint16_t)(unsigned char)s[i]);
	le16_store(p + 2 * n, 0);
	return 2 * (n + 1);
}

int load_option_build(const struct hd_partition *part, const char *description, const char *path,
		      uint8_t *out, size_t cap, size_t *len, struct upd_error *err)
{
	struct dp_hard_drive_raw hd;
	size_t dn, pn, file_len, list_len, off;

	if (!ascii_ok(description, LOAD_OPTION_DESC_MAX, &dn))
		return upd_fail(err, UPD_ERR_BAD, "boot entry description must be 1..%d characters "
				"of printable ASCII", LOAD_OPTION_DESC_MAX);
	if (!ascii_ok(path, LOAD_OPTION_PATH_MAX, &pn))
		return upd_fail(err, UPD_ERR_BAD, "boot entry file path must be 1..%d characters of "
				"printable ASCII", LOAD_OPTION_PATH_MAX);
	if (part->number == 0)
		return upd_fail(err, UPD_ERR_BAD, "partition number 0 names the whole disk, not a "
				"partition");
	file_len = DP_HEAD + 2 * (pn + 1);
	list_len = sizeof hd + file_len + DP_HEAD;
	if (LOAD_OPTION_HEAD + 2 * (dn + 1) + list_len > cap)
		return upd_fail(err, UPD_ERR_BAD, "boot entry does not fit in %zu bytes", cap);

	le32_store(out, LOAD_OPTION_ACTIVE);
	le16_store(out + 4, (uint16_t)list_len);
	off = LOAD_OPTION_HEAD + utf16_put(out + LOAD_OPTION_HEAD, description, dn);

	hd.type = DP_TYPE_MEDIA;
	hd.subtype = DP_MEDIA_HARD_DRIVE;
	le16_store(hd.length, (uint16_t)sizeof hd);
	le32_store(hd.part_number, part->number);
	le64_store(hd.part_start, part->start_lba);
	le64_store(hd.part_size, part->size_lba);
	memcpy(hd.signature, part->guid, sizeof hd.signature);
	hd.mbr_type = DP_HD_MBR_TYPE_GPT;
	hd.signature_type = DP_HD_SIGNATURE_GUID;
	memcpy(out + off, &hd, sizeof hd);
	off += sizeof hd;

	out[off] = DP_TYPE_MEDIA;
	out[off + 1] = DP_MEDIA_FILE_PATH;
	le16_store(out + off + 2, (uint16_t)file_len);
	off += DP_HEAD + utf16_put(out + off + DP_HEAD, path, pn);

	out[off] = DP_TYPE_END;
	out[off + 1] = DP_END_ENTIRE;
	le16_store(out + off + 2, DP_HEAD);
	*len = off + DP_HEAD;
	return 0;
}

int load_option_parse(const uint8_t *buf, size_t len, struct load_option_view *v,
		      struct upd_error *err)
{
	size_t units, i, off;

	memset(v, 0, sizeof *v);
	if (len < LOAD_OPTION_HEAD + 2)
		return upd_fail(err, UPD_ERR_BAD, "load option is %zu bytes; at least %d are needed "
				"for the header and a description", len, LOAD_OPTION_HEAD + 2);
	v->attributes = le32_load(buf);
	v->path_len = le16_load(buf + 4);
	/* whole UTF-16 units only: an odd byte at the end is never part of the description */
	units = (len - LOAD_OPTION_HEAD) / 2;
	for (i = 0; i < units; i++)
		if (le16_load(buf + LOAD_OPTION_HEAD + 2 * i) == 0)
			break;
	if (i == units)
		return upd_fail(err, UPD_ERR_BAD, "load option description has no terminating NUL "
				"in its %zu bytes", len);
	v->desc = buf + LOAD_OPTION_HEAD;
	v->desc_units = i;
	off = LOAD_OPTION_HEAD + 2 * (i + 1);
	if (v->path_len == 0)
		return upd_fail(err, UPD_ERR_BAD, "load option has an empty device path");
	if (v->path_len > len - off)
		return upd_fail(err, UPD_ERR_BAD, "load option device path of %zu bytes runs past "
				"the end (%zu bytes after the description)", v->path_len, len - off);
	v->path = buf + off;
	v->optional_len = len - off - v->path_len;
	return 0;
}

enum load_option_kin load_option_match(const struct load_option_view *have,
				       const struct load_option_view *ours)
{
	const size_t sig = DP_HD_SIGNATURE_OFFSET, sig_end = DP_HD_SIGNATURE_OFFSET + GPT_GUID_SIZE;

	if (have->path_len != ours->path_len)
		return LOAD_OPTION_OTHER;
	if (memcmp(have->path, ours->path, ours->path_len) == 0)
		return LOAD_OPTION_SAME_PATH;
	/* both start with the same Hard Drive node header (so the signature is at the same
	 * place in both), differ only inside the signature, and carry the same description */
	if (ours->path_len < sig_end || ours->path[0] != DP_TYPE_MEDIA ||
	    ours->path[1] != DP_MEDIA_HARD_DRIVE)
		return LOAD_OPTION_OTHER;
	if (memcmp(have->path, ours->path, sig) != 0 ||
	    memcmp(have->path + sig_end, ours->path + sig_end, ours->path_len - sig_end) != 0)
		return LOAD_OPTION_OTHER;
	if (have->desc_units != ours->desc_units ||
	    memcmp(have->desc, ours->desc, 2 * ours->desc_units) != 0)
		return LOAD_OPTION_OTHER;
	return LOAD_OPTION_SAME_BUT_GUID;
}
