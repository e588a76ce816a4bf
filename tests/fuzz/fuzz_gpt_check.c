/* gpt_check on a disk's untrusted first sectors. Input: a mode byte, the disk size (8 bytes,
 * little-endian), then
 *   mode bit 0 clear: LBA 1 and the entry array, raw;
 *   mode bit 0 set:   a layout's parameters; gpt_layout's output must read back exactly, then
 *                     the rest of the input edits it (2-byte offset, XOR byte);
 *   mode bit 1 set:   both CRCs are fixed before the check, so the checks behind them are reached;
 *   mode bits 2-4:    how many entry bytes the caller read (16 KiB >> n), placed at the end of
 *                     the buffer so that a read past them is an overflow ASan sees.
 * Whatever gpt_check accepts must satisfy what it promises, checked here independently. */
#include <stdint.h>
#include <string.h>

#include "crc32.h"
#include "fuzz_assert.h"
#include "gpt_check.h"
#include "gpt_layout.h"
#include "le.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t lba1[GPT_SECTOR];
static uint8_t entries_buf[GPT_ENTRIES_BYTES];
static struct gpt_image img;
static struct gpt_table t;

static void le32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static void crcs_fix(const uint8_t *entries, size_t entries_len)
{
	uint32_t hsize = le32_load(lba1 + 12), count = le32_load(lba1 + 80);

	if (count > entries_len / GPT_ENTRY_SIZE)
		count = (uint32_t)(entries_len / GPT_ENTRY_SIZE);
	le32_put(lba1 + 88, crc32_update(0, entries, (size_t)count * GPT_ENTRY_SIZE));
	if (hsize < GPT_HEADER_SIZE || hsize > GPT_SECTOR)
		hsize = GPT_HEADER_SIZE;
	memset(lba1 + 16, 0, 4);
	le32_put(lba1 + 16, crc32_update(0, lba1, hsize));
}

static const char *const names[] = { "esp", "root-a", "root-b", "data", "", "x",
				     "a-name-of-exactly-36-characters-1234", "~ !" };
static const char *const guids[] = {
	"6E6F6465-0001-4000-8000-000000000001", "6E6F6465-0002-4000-8000-000000000002",
	"6E6F6465-0003-4000-8000-000000000003", "6E6F6465-0004-4000-8000-000000000004",
	"6E6F6465-0005-4000-8000-000000000005", "6E6F6465-0006-4000-8000-000000000006",
	"6E6F6465-0007-4000-8000-000000000007", "6E6F6465-0008-4000-8000-000000000008",
};

/* A layout from parameters: 1 byte count, then 2 bytes per partition (size in 64 KiB units;
 * 0xFFFF for the rest of the disk). Returns the bytes used, 0 if gpt_layout refused it. */
static size_t layout_build(const uint8_t *p, size_t n, uint64_t disk_sectors)
{
	struct gpt_part_spec parts[GPT_LAYOUT_PARTS_MAX];
	struct gpt_layout_spec spec = { disk_sectors, GPT_SECTOR, "6E6F6465-0000-4000-8000-000000000000",
					parts, 0 };
	struct upd_error err;
	unsigned i, k;

	if (n < 1)
		return 0;
	spec.nparts = p[0] % (GPT_LAYOUT_PARTS_MAX + 1);
	if (n < 1 + 2 * (size_t)spec.nparts)
		return 0;
	for (i = 0; i < spec.nparts; i++) {
		unsigned v = (unsigned)p[1 + 2 * i] | (unsigned)p[2 + 2 * i] << 8;

		parts[i].name = names[i];
		parts[i].type_guid = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";
		parts[i].unique_guid = guids[i];
		parts[i].size = v == 0xffff ? GPT_SIZE_REST : (uint64_t)v * 65536;
	}
	if (gpt_layout(&spec, &img, &err) < 0)
		return 0;
	/* what gpt_layout writes, gpt_check reads back as written */
	FUZZ_ASSERT(gpt_check(img.header, img.entries, sizeof img.entries, disk_sectors, &t,
			      &err) == 1);
	FUZZ_ASSERT(t.nparts == spec.nparts);
	for (i = 0; i < t.nparts; i++) {
		FUZZ_ASSERT(t.parts[i].index == i + 1);
		FUZZ_ASSERT(t.parts[i].first_lba == img.first_lba[i]);
		FUZZ_ASSERT(t.parts[i].last_lba == img.last_lba[i]);
		FUZZ_ASSERT(t.parts[i].first_lba % GPT_ALIGN_SECTORS == 0);
		FUZZ_ASSERT(strcmp(t.parts[i].name, names[i]) == 0);
		if (parts[i].size != GPT_SIZE_REST)
			FUZZ_ASSERT(t.parts[i].last_lba - t.parts[i].first_lba + 1 ==
				    parts[i].size / GPT_SECTOR);
		for (k = 0; k < i; k++)
			FUZZ_ASSERT(t.parts[k].last_lba < t.parts[i].first_lba);
	}
	return 1 + 2 * (size_t)spec.nparts;
}

static void accepted_holds(size_t entries_len, uint64_t disk_sectors)
{
	uint64_t array_end = GPT_ENTRIES_LBA +
			     ((uint64_t)t.entries_count * GPT_ENTRY_SIZE + GPT_SECTOR - 1) / GPT_SECTOR;
	unsigned i, k;

	FUZZ_ASSERT(memcmp(lba1, GPT_SIGNATURE, 8) == 0);
	FUZZ_ASSERT(t.entries_count >= 1 && t.entries_count <= entries_len / GPT_ENTRY_SIZE);
	FUZZ_ASSERT(t.nparts <= t.entries_count);
	FUZZ_ASSERT(t.first_usable_lba >= array_end);
	FUZZ_ASSERT(t.first_usable_lba <= t.last_usable_lba);
	FUZZ_ASSERT(t.last_usable_lba < t.alternate_lba && t.alternate_lba < disk_sectors);
	for (i = 0; i < t.nparts; i++) {
		const struct gpt_part_info *p = &t.parts[i];
		size_t n = strnlen(p->name, sizeof p->name);

		FUZZ_ASSERT(n <= GPT_NAME_UNITS);
		for (k = 0; k < n; k++)
			FUZZ_ASSERT(p->name[k] >= 0x20 && p->name[k] < 0x7f);
		FUZZ_ASSERT(p->index >= 1 && p->index <= t.entries_count);
		FUZZ_ASSERT(i == 0 || p->index > t.parts[i - 1].index);
		FUZZ_ASSERT(p->first_lba <= p->last_lba);
		FUZZ_ASSERT(p->first_lba >= t.first_usable_lba && p->last_lba <= t.last_usable_lba);
		for (k = 0; k < i; k++)
			FUZZ_ASSERT(p->last_lba < t.parts[k].first_lba ||
				    t.parts[k].last_lba < p->first_lba);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t entries_len, used;
	uint8_t *entries;
	uint64_t disk_sectors;
	struct upd_error err;
	uint8_t mode;
	int r;

	if (size < 9)
		return 0;
	mode = data[0];
	disk_sectors = le64_load(data + 1);
	data += 9, size -= 9;
	entries_len = (size_t)GPT_ENTRIES_BYTES >> ((mode >> 2) & 7);
	entries = entries_buf + sizeof entries_buf - entries_len;
	memset(lba1, 0, sizeof lba1);
	memset(entries_buf, 0, sizeof entries_buf);
	if (mode & 1) {
		/* layouts on disks of 1 MiB to 1 TiB */
		disk_sectors = 2048 + disk_sectors % (1ull << 31);
		if ((used = layout_build(data, size, disk_sectors)) == 0)
			return 0;
		memcpy(lba1, img.header, sizeof lba1);
		memcpy(entries, img.entries, entries_len);
		for (data += used, size -= used; size >= 3; data += 3, size -= 3) {
			size_t at = ((size_t)data[0] | (size_t)data[1] << 8) % (GPT_SECTOR + entries_len);

			if (at < GPT_SECTOR)
				lba1[at] ^= data[2];
			else
				entries[at - GPT_SECTOR] ^= data[2];
		}
	} else {
		used = size < GPT_SECTOR ? size : GPT_SECTOR;
		memcpy(lba1, data, used);
		data += used, size -= used;
		memcpy(entries, data, size < entries_len ? size : entries_len);
	}
	if (mode & 2)
		crcs_fix(entries, entries_len);
	err.msg[0] = '\0';
	r = gpt_check(lba1, entries, entries_len, disk_sectors, &t, &err);
	FUZZ_ASSERT(r >= -1 && r <= 1);
	if (r == 1)
		accepted_holds(entries_len, disk_sectors);
	else
		FUZZ_ASSERT(err.msg[0] != '\0');
	if (r == 0)
		FUZZ_ASSERT(memcmp(lba1, GPT_SIGNATURE, 8) != 0);
	return 0;
}
