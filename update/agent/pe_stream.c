#include <string.h>

#include "le.h"
#include "pe_stream.h"

void pe_stream_init(struct pe_stream *s, const char *const *names, unsigned n)
{
	unsigned i;

	s->head_len = 0;
	s->pos = 0;
	s->parsed = 0;
	s->failed = 0;
	s->nwant = n > PE_WANT_MAX ? PE_WANT_MAX : n;
	for (i = 0; i < s->nwant; i++) {
		memset(&s->want[i], 0, offsetof(struct pe_want, data));
		memcpy(s->want[i].name, names[i], strnlen(names[i], PE_NAME_LEN));
	}
}

static int fail(struct pe_stream *s, struct upd_error *err, const char *why)
{
	s->failed = 1;
	return upd_fail(err, UPD_ERR_BAD, "PE image: %s", why);
}

/* 1 when parsed, 0 when more head bytes are needed, -1 on malformed headers. */
static int headers_parse(struct pe_stream *s, int at_eof, struct upd_error *err)
{
	const uint8_t *h = s->head;
	uint64_t lfanew, table, table_end;
	unsigned nsec, optsize, i, k;

	if (s->head_len < PE_DOS_LFANEW + 4)
		return at_eof ? fail(s, err, "shorter than a DOS header") : 0;
	if (h[0] != 'M' || h[1] != 'Z')
		return fail(s, err, "no MZ signature (not an EFI executable)");
	lfanew = le32_load(h + PE_DOS_LFANEW);
	if (lfanew < PE_DOS_LFANEW + 4 || lfanew > PE_HEAD_MAX - PE_COFF_BYTES)
		return fail(s, err, "PE header offset is outside the first 64 KiB");
	if (s->head_len < lfanew + PE_COFF_BYTES)
		return at_eof ? fail(s, err, "ends inside the PE header") : 0;
	if (memcmp(h + lfanew, "PE\0\0", 4) != 0)
		return fail(s, err, "no PE signature");
	nsec = le16_load(h + lfanew + 6);
	optsize = le16_load(h + lfanew + 20);
	if (nsec == 0 || nsec > PE_SECTIONS_MAX)
		return fail(s, err, "section count is 0 or above 96");
	table = lfanew + PE_COFF_BYTES + optsize;
	table_end = table + (uint64_t)nsec * PE_SECTION_BYTES;
	if (table_end > PE_HEAD_MAX)
		return fail(s, err, "section table is outside the first 64 KiB");
	if (s->head_len < table_end)
		return at_eof ? fail(s, err, "ends inside the section table") : 0;
	for (i = 0; i < nsec; i++) {
		const uint8_t *e = h + table + (uint64_t)i * PE_SECTION_BYTES;
		uint32_t vsize = le32_load(e + 8), rawsize = le32_load(e + 16);
		uint32_t rawptr = le32_load(e + 20);

		for (k = 0; k < s->nwant; k++) {
			struct pe_want *w = &s->want[k];
			char name[PE_NAME_LEN] = { 0 };

			memcpy(name, w->name, strnlen(w->name, PE_NAME_LEN));
			if (memcmp(e, name, PE_NAME_LEN) != 0)
				continue;
			if (w->found)
				return fail(s, err, "a wanted section appears twice");
			w->found = 1;
			w->offset = rawptr;
			/* VirtualSize is the section's real length; the raw size is rounded up to the
			 * file alignment (what systemd-stub measures is the smaller of the two) */
			w->size = vsize != 0 && vsize < rawsize ? vsize : rawsize;
			if (w->size > PE_SECTION_MAX) {
				s->failed = 1;
				return upd_fail(err, UPD_ERR_BAD, "PE image: section %s is %u bytes, "
						"more than %d", w->name, (unsigned)w->size, PE_SECTION_MAX);
			}
		}
	}
	for (k = 0; k < s->nwant; k++)
		if (!s->want[k].found) {
			s->failed = 1;
			return upd_fail(err, UPD_ERR_BAD, "PE image has no %s section",
					s->want[k].name);
		}
	s->parsed = 1;
	return 1;
}

/* Copies the part of [off, off+len) that falls into each wanted section. */
static void collect(struct pe_stream *s, uint64_t off, const uint8_t *buf, size_t len)
{
	unsigned k;

	for (k = 0; k < s->nwant; k++) {
		struct pe_want *w = &s->want[k];
		uint64_t from = w->offset + w->got, end = w->offset + w->size;
		uint64_t a, b;

		if (w->got == w->size)
			continue;
		a = from > off ? from : off;
		b = end < off + len ? end : off + len;
		/* bytes arrive in order, so the next needed byte is always at from */
		if (a != from || a >= b)
			continue;
		memcpy(w->data + w->got, buf + (a - off), (size_t)(b - a));
		w->got += (uint32_t)(b - a);
	}
}

int pe_stream_feed(struct pe_stream *s, const uint8_t *buf, size_t len, struct upd_error *err)
{
	uint64_t off = s->pos;

	if (s->failed)
		return upd_fail(err, UPD_ERR_BAD, "PE image: stream already failed");
	s->pos += len;
	if (!s->parsed) {
		size_t take = 0;
		int rc;

		if (s->head_len < PE_HEAD_MAX) {
			take = PE_HEAD_MAX - s->head_len < len ? PE_HEAD_MAX - s->head_len : len;
			memcpy(s->head + s->head_len, buf, take);
			s->head_len += take;
		}
		rc = headers_parse(s, 0, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return 0;
		/* everything collected so far, then the rest of this buffer */
		collect(s, 0, s->head, s->head_len);
		if (take < len)
			collect(s, off + take, buf + take, len - take);
		return 0;
	}
	collect(s, off, buf, len);
	return 0;
}

int pe_stream_complete(const struct pe_stream *s)
{
	unsigned k;

	if (!s->parsed || s->failed)
		return 0;
	for (k = 0; k < s->nwant; k++)
		if (s->want[k].got != s->want[k].size)
			return 0;
	return 1;
}

int pe_stream_finish(struct pe_stream *s, struct upd_error *err)
{
	unsigned k;

	if (s->failed)
		return upd_fail(err, UPD_ERR_BAD, "PE image: stream already failed");
	if (!s->parsed && headers_parse(s, 1, err) < 0)
		return -1;
	for (k = 0; k < s->nwant; k++)
		if (s->want[k].got != s->want[k].size) {
			s->failed = 1;
			return upd_fail(err, UPD_ERR_BAD,
					"PE image: file ends inside section %s (%u of %u bytes)",
					s->want[k].name, (unsigned)s->want[k].got,
					(unsigned)s->want[k].size);
		}
	return 0;
}

const struct pe_want *pe_stream_section(const struct pe_stream *s, const char *name)
{
	unsigned k;

	for (k = 0; k < s->nwant; k++)
		if (strncmp(s->want[k].name, name, PE_NAME_LEN) == 0 && s->want[k].found)
			return &s->want[k];
	return NULL;
}
