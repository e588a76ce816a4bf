#include <inttypes.h>
#include <string.h>

#include "crc32.h"
#include "gpt_check.h"
#include "gpt_guid.h"
#include "le.h"

static int header_check(const uint8_t *lba1, size_t entries_len, uint64_t disk_sectors,
			struct gpt_table *t, struct upd_error *err)
{
	struct gpt_header_raw h;
	uint8_t copy[GPT_SECTOR];
	uint32_t size, crc, esize;
	uint64_t lba, array_sectors;

	if (disk_sectors < 6)   /* MBR, header, entries, one usable sector, their backups */
		return upd_fail(err, UPD_ERR_BAD, "a disk of %" PRIu64 " sectors cannot hold a GPT",
				disk_sectors);
	memcpy(&h, lba1, sizeof h);
	if (le32_load(h.revision) != GPT_REVISION)
		return upd_fail(err, UPD_ERR_BAD, "GPT header: revision 0x%08" PRIx32 ", not 1.0",
				le32_load(h.revision));
	size = le32_load(h.header_size);
	if (size < GPT_HEADER_SIZE || size > GPT_SECTOR)
		return upd_fail(err, UPD_ERR_BAD, "GPT header: size %" PRIu32 " is outside %d..%d",
				size, GPT_HEADER_SIZE, GPT_SECTOR);
	/* the CRC covers header_size bytes with the CRC field itself zeroed */
	memcpy(copy, lba1, size);
	memset(copy + offsetof(struct gpt_header_raw, header_crc), 0, sizeof h.header_crc);
	crc = crc32_update(0, copy, size);
	if (crc != le32_load(h.header_crc))
		return upd_fail(err, UPD_ERR_BAD, "GPT header: CRC 0x%08" PRIx32 " does not match "
				"its contents (0x%08" PRIx32 ")", le32_load(h.header_crc), crc);
	if ((lba = le64_load(h.my_lba)) != 1)
		return upd_fail(err, UPD_ERR_BAD, "GPT header: says it is at LBA %" PRIu64 ", not 1",
				lba);
	t->alternate_lba = le64_load(h.alternate_lba);
	if (t->alternate_lba <= 1 || t->alternate_lba >= disk_sectors)
		return upd_fail(err, UPD_ERR_BAD, "GPT header: backup header LBA %" PRIu64 " is not "
				"inside the disk (LBA 2..%" PRIu64 ")", t->alternate_lba,
				disk_sectors - 1);
	if ((lba = le64_load(h.entries_lba)) != GPT_ENTRIES_LBA)
		return upd_fail(err, UPD_ERR_BAD, "GPT header: entries at LBA %" PRIu64 "; only "
				"tables with entries at LBA %d are read", lba, GPT_ENTRIES_LBA);
	if ((esize = le32_load(h.entry_size)) != GPT_ENTRY_SIZE)
		return upd_fail(err, UPD_ERR_BAD, "GPT header: entry size %" PRIu32 "; only %d is "
				"read", esize, GPT_ENTRY_SIZE);
	t->entries_count = le32_load(h.entries_count);
	if (t->entries_count == 0 || t->entries_count > entries_len / GPT_ENTRY_SIZE)
		return upd_fail(err, UPD_ERR_BAD, "GPT header: %" PRIu32 " entries; 1..%zu were "
				"read", t->entries_count, entries_len / GPT_ENTRY_SIZE);
	array_sectors = ((uint64_t)t->entries_count * GPT_ENTRY_SIZE + GPT_SECTOR - 1) / GPT_SECTOR;
	t->first_usable_lba = le64_load(h.first_usable_lba);
	t->last_usable_lba = le64_load(h.last_usable_lba);
	if (t->first_usable_lba < GPT_ENTRIES_LBA + array_sectors ||
	    t->last_usable_lba < t->first_usable_lba || t->last_usable_lba >= t->alternate_lba)
		return upd_fail(err, UPD_ERR_BAD, "GPT header: usable LBAs %" PRIu64 "..%" PRIu64
				" are not between the entries (up to LBA %" PRIu64 ") and the "
				"backup header (LBA %" PRIu64 ")", t->first_usable_lba,
				t->last_usable_lba, GPT_ENTRIES_LBA + array_sectors - 1,
				t->alternate_lba);
	memcpy(t->disk_guid, h.disk_guid, sizeof t->disk_guid);
	return 0;
}

/* Names are shown on the console: nothing but printable ASCII gets through. */
static void name_copy(const uint8_t *raw, char *out)
{
	size_t i;

	for (i = 0; i < GPT_NAME_UNITS; i++) {
		uint16_t u = le16_load(raw + 2 * i);

		if (u == 0)
			break;
		out[i] = u >= 0x20 && u < 0x7f ? (char)u : '?';
	}
	out[i] = '\0';
}

static int entries_check(const uint8_t *entries, struct gpt_table *t, struct upd_error *err)
{
	uint32_t i;
	unsigned k;

	t->nparts = 0;
	for (i = 0; i < t->entries_count; i++) {
		struct gpt_entry_raw e;
		struct gpt_part_info *p = &t->parts[t->nparts];

		memcpy(&e, entries + (size_t)i * GPT_ENTRY_SIZE, sizeof e);
		if (gpt_guid_is_zero(e.type_guid))
			continue;
		p->index = i + 1;
		memcpy(p->type_guid, e.type_guid, sizeof p->type_guid);
		memcpy(p->unique_guid, e.unique_guid, sizeof p->unique_guid);
		p->first_lba = le64_load(e.first_lba);
		p->last_lba = le64_load(e.last_lba);
		p->attributes = le64_load(e.attributes);
		name_copy(e.name, p->name);
		if (p->first_lba > p->last_lba || p->first_lba < t->first_usable_lba ||
		    p->last_lba > t->last_usable_lba)
			return upd_fail(err, UPD_ERR_BAD, "GPT entry %u: LBAs %" PRIu64 "..%" PRIu64
					" are not inside the usable %" PRIu64 "..%" PRIu64, p->index,
					p->first_lba, p->last_lba, t->first_usable_lba,
					t->last_usable_lba);
		for (k = 0; k < t->nparts; k++) {
			const struct gpt_part_info *q = &t->parts[k];

			if (p->first_lba <= q->last_lba && q->first_lba <= p->last_lba)
				return upd_fail(err, UPD_ERR_BAD, "GPT entries %u and %u overlap "
						"(LBAs %" PRIu64 "..%" PRIu64 " and %" PRIu64 "..%"
						PRIu64 ")", q->index, p->index, q->first_lba,
						q->last_lba, p->first_lba, p->last_lba);
		}
		t->nparts++;
	}
	return 0;
}

int gpt_check(const uint8_t *lba1, const uint8_t *entries, size_t entries_len,
	      uint64_t disk_sectors, struct gpt_table *t, struct upd_error *err)
{
	uint32_t crc, want;

	memset(t, 0, sizeof *t);
	if (memcmp(lba1, GPT_SIGNATURE, 8) != 0) {
		(void)upd_fail(err, UPD_ERR_BAD, "no GPT signature at LBA 1");
		return 0;
	}
	if (header_check(lba1, entries_len, disk_sectors, t, err) < 0)
		return -1;
	crc = crc32_update(0, entries, (size_t)t->entries_count * GPT_ENTRY_SIZE);
	want = le32_load(lba1 + offsetof(struct gpt_header_raw, entries_crc));
	if (crc != want)
		return upd_fail(err, UPD_ERR_BAD, "GPT entries: CRC 0x%08" PRIx32 " does not match "
				"the header's 0x%08" PRIx32, crc, want);
	if (entries_check(entries, t, err) < 0)
		return -1;
	return 1;
}
