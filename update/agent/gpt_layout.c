#include <inttypes.h>
#include <string.h>

#include "crc32.h"
#include "gpt_layout.h"

struct part_place {
	uint8_t type[GPT_GUID_SIZE], unique[GPT_GUID_SIZE];
	uint64_t first, last;
};

static void le16_put(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void le32_put(uint8_t *p, uint32_t v)
{
	le16_put(p, (uint16_t)v);
	le16_put(p + 2, (uint16_t)(v >> 16));
}

static void le64_put(uint8_t *p, uint64_t v)
{
	le32_put(p, (uint32_t)v);
	le32_put(p + 4, (uint32_t)(v >> 32));
}

static uint64_t align_up(uint64_t lba)
{
	return (lba + GPT_ALIGN_SECTORS - 1) / GPT_ALIGN_SECTORS * GPT_ALIGN_SECTORS;
}

static int name_check(const char *name, unsigned i, struct upd_error *err)
{
	size_t n;

	if (name == NULL)
		return upd_fail(err, UPD_ERR_BAD, "partition %u: no name", i);
	n = strnlen(name, GPT_NAME_MAX + 1);
	if (n > GPT_NAME_MAX)
		return upd_fail(err, UPD_ERR_BAD, "partition %u: name is longer than %d characters",
				i, GPT_NAME_MAX);
	for (size_t k = 0; k < n; k++)
		if ((unsigned char)name[k] < 0x20 || (unsigned char)name[k] > 0x7e)
			return upd_fail(err, UPD_ERR_BAD, "partition %u: name character %zu is "
					"0x%02x; only printable ASCII is allowed", i, k + 1,
					(unsigned char)name[k]);
	return 0;
}

static int guid_get(const char *text, uint8_t out[GPT_GUID_SIZE], struct upd_error *err)
{
	if (text == NULL)
		return upd_fail(err, UPD_ERR_BAD, "GUID missing");
	if (gpt_guid_parse(text, out, err) < 0)
		return -1;
	if (gpt_guid_is_zero(out))
		return upd_fail(err, UPD_ERR_BAD, "GUID is all zero (the unused-entry GUID)");
	return 0;
}

/* Everything about one partition that does not depend on where it lands. */
static int part_check(const struct gpt_layout_spec *spec, unsigned i, const uint8_t *disk_guid,
		      const struct part_place *placed, struct part_place *pp, struct upd_error *err)
{
	const struct gpt_part_spec *p = &spec->parts[i];
	unsigned n = i + 1;

	if (name_check(p->name, n, err) < 0)
		return -1;
	if (guid_get(p->type_guid, pp->type, err) < 0) {
		upd_error_prefix(err, "partition %u (%s): type ", n, p->name);
		return -1;
	}
	if (guid_get(p->unique_guid, pp->unique, err) < 0) {
		upd_error_prefix(err, "partition %u (%s): unique ", n, p->name);
		return -1;
	}
	/* unique means unique: udev's by-partuuid links and the kernel's PARTUUID= lookups */
	if (memcmp(pp->unique, disk_guid, GPT_GUID_SIZE) == 0)
		return upd_fail(err, UPD_ERR_BAD, "partition %u (%s): unique GUID %s is the disk "
				"GUID", n, p->name, p->unique_guid);
	for (unsigned k = 0; k < i; k++)
		if (memcmp(pp->unique, placed[k].unique, GPT_GUID_SIZE) == 0)
			return upd_fail(err, UPD_ERR_BAD, "partition %u (%s): unique GUID %s is "
					"also partition %u's", n, p->name, p->unique_guid, k + 1);
	if (p->size == GPT_SIZE_REST) {
		if (i + 1 != spec->nparts)
			return upd_fail(err, UPD_ERR_BAD, "partition %u (%s): only the last partition "
					"may take the rest of the disk (there are %u)", n, p->name,
					spec->nparts);
		return 0;
	}
	if (p->size == 0)
		return upd_fail(err, UPD_ERR_BAD, "partition %u (%s): size is zero", n, p->name);
	if (p->size % GPT_SECTOR != 0)
		return upd_fail(err, UPD_ERR_BAD, "partition %u (%s): size %" PRIu64 " bytes is not "
				"a multiple of %d", n, p->name, p->size, GPT_SECTOR);
	return 0;
}

/* Places the partitions in order on 1 MiB boundaries. A partition fits when it ends at or
 * before the last usable LBA (disk_sectors - 34: the backup entries and header follow); a rest
 * partition needs at least 1 MiB. need: the smallest disk, in sectors, that holds the
 * partitions placed so far. On a disk too small, all are placed anyway, so that the error can
 * say what the whole layout needs. */
static int place(const struct gpt_layout_spec *spec, struct part_place *pp, struct upd_error *err)
{
	uint64_t d = spec->disk_sectors, start = GPT_FIRST_USABLE, need = 0, bad_short = 0;
	unsigned i, bad = spec->nparts;

	for (i = 0; i < spec->nparts; i++) {
		uint64_t size = spec->parts[i].size;

		pp[i].first = start;
		if (size == GPT_SIZE_REST) {
			/* the end rounds down to 1 MiB below the backup entries, as sfdisk's does:
			 * 1 MiB fits when disk_sectors - 33 >= start + 1 MiB */
			need = start + GPT_ALIGN_SECTORS + 1 + GPT_ENTRIES_SECTORS;
			pp[i].last = need <= d ? (d - 1 - GPT_ENTRIES_SECTORS) / GPT_ALIGN_SECTORS *
				     GPT_ALIGN_SECTORS - 1 : start;
		} else {
			/* sizes beyond the disk are cut to it: still too big, and no overflow below */
			uint64_t n = size / GPT_SECTOR > d ? d + 1 : size / GPT_SECTOR;

			pp[i].last = start + n - 1;
			need = pp[i].last + 2 + GPT_ENTRIES_SECTORS;
		}
		if (need > d && bad == spec->nparts) {
			bad = i;
			bad_short = need - d;
		}
		start = align_up(pp[i].last + 1);
	}
	if (bad == spec->nparts)
		return 0;
	return upd_fail(err, UPD_ERR_POLICY, "partition %u (%s) does not fit: the disk is %" PRIu64
			" bytes too small for it%s (it has %" PRIu64 " bytes; the layout needs at "
			"least %" PRIu64 ")", bad + 1, spec->parts[bad].name, bad_short * GPT_SECTOR,
			spec->parts[bad].size == GPT_SIZE_REST ?
			", which takes the rest but at least 1 MiB" : "",
			d * GPT_SECTOR, need * GPT_SECTOR);
}

static void entry_write(uint8_t *buf, const struct part_place *pp, const char *name)
{
	struct gpt_entry_raw e;
	size_t k, n = strlen(name);

	memset(&e, 0, sizeof e);
	memcpy(e.type_guid, pp->type, GPT_GUID_SIZE);
	memcpy(e.unique_guid, pp->unique, GPT_GUID_SIZE);
	le64_put(e.first_lba, pp->first);
	le64_put(e.last_lba, pp->last);
	for (k = 0; k < n; k++)
		le16_put(e.name + 2 * k, (uint16_t)(unsigned char)name[k]);
	memcpy(buf, &e, sizeof e);
}

static void header_write(uint8_t *sector, uint64_t my_lba, uint64_t alternate_lba,
			 uint64_t entries_lba, uint64_t disk_sectors, const uint8_t *disk_guid,
			 uint32_t entries_crc)
{
	struct gpt_header_raw h;

	memset(&h, 0, sizeof h);
	memcpy(h.signature, GPT_SIGNATURE, sizeof h.signature);
	le32_put(h.revision, GPT_REVISION);
	le32_put(h.header_size, GPT_HEADER_SIZE);
	le64_put(h.my_lba, my_lba);
	le64_put(h.alternate_lba, alternate_lba);
	le64_put(h.first_usable_lba, GPT_FIRST_USABLE);
	le64_put(h.last_usable_lba, disk_sectors - 2 - GPT_ENTRIES_SECTORS);
	memcpy(h.disk_guid, disk_guid, GPT_GUID_SIZE);
	le64_put(h.entries_lba, entries_lba);
	le32_put(h.entries_count, GPT_ENTRIES);
	le32_put(h.entry_size, GPT_ENTRY_SIZE);
	le32_put(h.entries_crc, entries_crc);
	/* the header CRC covers the header with its own CRC field zero, as it is here */
	le32_put(h.header_crc, crc32_update(0, (const uint8_t *)&h, sizeof h));
	memset(sector, 0, GPT_SECTOR);
	memcpy(sector, &h, sizeof h);
}

/* One record of type 0xEE over the whole disk (as far as 32 bits reach), so MBR-only tools see
 * the disk as used. CHS: start 0/0/2 (LBA 1), end 0xFFFFFF: too large for CHS. */
static void mbr_write(uint8_t *sector, uint64_t disk_sectors)
{
	struct mbr_part_raw r;
	uint64_t n = disk_sectors - 1;

	memset(&r, 0, sizeof r);
	r.chs_first[1] = 0x02;
	r.type = MBR_TYPE_PROTECTIVE;
	memset(r.chs_last, 0xff, sizeof r.chs_last);
	le32_put(r.lba_first, 1);
	le32_put(r.sectors, n > 0xffffffffu ? 0xffffffffu : (uint32_t)n);
	memset(sector, 0, GPT_SECTOR);
	memcpy(sector + MBR_PART_OFFSET, &r, sizeof r);
	sector[MBR_SIG_OFFSET] = 0x55;
	sector[MBR_SIG_OFFSET + 1] = 0xaa;
}

int gpt_layout(const struct gpt_layout_spec *spec, struct gpt_image *img, struct upd_error *err)
{
	struct part_place pp[GPT_LAYOUT_PARTS_MAX];
	uint8_t disk_guid[GPT_GUID_SIZE];
	uint64_t d = spec->disk_sectors, last = d - 1;
	uint32_t entries_crc;
	unsigned i;

	if (spec->sector_size != GPT_SECTOR)
		return upd_fail(err, UPD_ERR_POLICY, "logical sector size %u is not supported: only "
				"%d", spec->sector_size, GPT_SECTOR);
	if (spec->nparts > GPT_LAYOUT_PARTS_MAX)
		return upd_fail(err, UPD_ERR_POLICY, "%u partitions: at most %d", spec->nparts,
				GPT_LAYOUT_PARTS_MAX);
	if (spec->nparts > 0 && spec->parts == NULL)
		return upd_fail(err, UPD_ERR_BAD, "%u partitions but no list", spec->nparts);
	if (d > GPT_DISK_SECTORS_MAX)
		return upd_fail(err, UPD_ERR_POLICY, "disk of %" PRIu64 " sectors: more than the "
				"%llu this installer handles", d, GPT_DISK_SECTORS_MAX);
	if (guid_get(spec->disk_guid, disk_guid, err) < 0) {
		upd_error_prefix(err, "disk ");
		return -1;
	}
	for (i = 0; i < spec->nparts; i++)
		if (part_check(spec, i, disk_guid, pp, &pp[i], err) < 0)
			return -1;
	if (place(spec, pp, err) < 0)
		return -1;
	/* without partitions there still must be a usable range: 1 MiB + both tables */
	if (d < GPT_FIRST_USABLE + 2 + GPT_ENTRIES_SECTORS)
		return upd_fail(err, UPD_ERR_POLICY, "disk of %" PRIu64 " sectors is too small for a "
				"GPT that starts its partitions at 1 MiB (at least %d sectors)", d,
				GPT_FIRST_USABLE + 2 + GPT_ENTRIES_SECTORS);

	memset(img, 0, sizeof *img);
	for (i = 0; i < spec->nparts; i++) {
		entry_write(img->entries + i * GPT_ENTRY_SIZE, &pp[i], spec->parts[i].name);
		img->first_lba[i] = pp[i].first;
		img->last_lba[i] = pp[i].last;
	}
	entries_crc = crc32_update(0, img->entries, sizeof img->entries);
	img->backup_header_lba = last;
	img->backup_entries_lba = last - GPT_ENTRIES_SECTORS;
	header_write(img->header, 1, last, GPT_ENTRIES_LBA, d, disk_guid, entries_crc);
	header_write(img->backup_header, last, 1, img->backup_entries_lba, d, disk_guid,
		     entries_crc);
	mbr_write(img->mbr, d);
	return 0;
}
