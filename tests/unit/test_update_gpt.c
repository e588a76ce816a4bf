/* The installer's GPT: gpt_layout must write, sector for sector, what util-linux's sfdisk writes
 * for the same partitions (the reference is made here, at test time, by the host's sfdisk on a
 * sparse file: no sfdisk, no pass), gpt_check must read it back and catch corruption, and every
 * refusal must say what and why. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "crc32.h"
#include "gpt_check.h"
#include "gpt_guid.h"
#include "gpt_layout.h"
#include "le.h"

#define MiB (1024ull * 1024)
#define GiB (1024ull * MiB)
#define ESP_TYPE "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
#define ROOT_TYPE "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709"
#define DATA_TYPE "4D21B016-B534-45C2-A9FB-5C16E091FD2D"
#define DISK_GUID "6E6F6465-0000-4000-8000-000000000000"

static struct gpt_image img;
static struct gpt_table table;
static struct upd_error err;
static char tmpdir[] = "/tmp/test_update_gpt.XXXXXX";

/* image/build-disk.sh's partitions and GUIDs, data taking the rest of the disk. */
static struct gpt_part_spec dev_parts[] = {
	{ "esp", ESP_TYPE, "6E6F6465-0001-4000-8000-000000000001", 128 * MiB },
	{ "root-a", ROOT_TYPE, "6E6F6465-0002-4000-8000-000000000002", 512 * MiB },
	{ "root-b", ROOT_TYPE, "6E6F6465-0003-4000-8000-000000000003", 512 * MiB },
	{ "data", DATA_TYPE, "6E6F6465-0004-4000-8000-000000000004", GPT_SIZE_REST },
};

static struct gpt_layout_spec dev_spec(uint64_t disk_bytes)
{
	struct gpt_layout_spec s = { disk_bytes / 512, 512, DISK_GUID, dev_parts, 4 };

	return s;
}

/* ---- sfdisk, the reference ---------------------------------------------------------------- */

static void sfdisk_exec(const char *img_path)
{
	static const char *const paths[] = { "sfdisk", "/usr/sbin/sfdisk", "/sbin/sfdisk" };
	char *argv[] = { "sfdisk", "-q", "--no-reread", "--no-tell-kernel", (char *)img_path, NULL };
	size_t i;

	for (i = 0; i < sizeof paths / sizeof paths[0]; i++)
		execvp(paths[i], argv);
	fprintf(stderr, "test_update_gpt: cannot run sfdisk (util-linux): %s\n", strerror(errno));
	_exit(127);
}

/* Runs sfdisk with script on a fresh sparse file of bytes; 0, or -1 with why. */
static int sfdisk_make(const char *path, uint64_t bytes, const char *script, char *why, size_t cap)
{
	int fd, p[2], status;
	size_t len = strlen(script), off = 0;
	pid_t pid;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)bytes) < 0 || close(fd) < 0) {
		snprintf(why, cap, "make sparse %s: %s", path, strerror(errno));
		return -1;
	}
	if (pipe(p) < 0 || (pid = fork()) < 0) {
		snprintf(why, cap, "pipe/fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (dup2(p[0], 0) < 0)
			_exit(126);
		close(p[0]);
		close(p[1]);
		sfdisk_exec(path);
	}
	close(p[0]);
	while (off < len) {
		ssize_t n = write(p[1], script + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		off += (size_t)n;
	}
	close(p[1]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(why, cap, "waitpid: %s", strerror(errno));
			return -1;
		}
	if (off < len || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, cap, "sfdisk failed (status 0x%x, script written %zu of %zu bytes)",
			 (unsigned)status, off, len);
		return -1;
	}
	return 0;
}

static int sectors_read(const char *path, uint64_t lba, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pread(fd, buf, len, (off_t)(lba * 512));
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/* Where two regions differ (the first few offsets, with both bytes), or "" if equal. */
static const char *diff_at(const char *what, const uint8_t *got, const uint8_t *want, size_t len)
{
	static char msg[200];
	size_t i, n = 0, shown = 0;

	msg[0] = '\0';
	for (i = 0; i < len && shown < 4; i++)
		if (got[i] != want[i]) {
			n += (size_t)snprintf(msg + n, sizeof msg - n, "%s%s byte %zu: ours 0x%02x, "
					      "sfdisk's 0x%02x", shown ? "; " : "", what, i, got[i],
					      want[i]);
			shown++;
		}
	return msg;
}

static const char *compare_sectors(const char *path, const struct gpt_layout_spec *spec)
{
	static uint8_t disk[GPT_ENTRIES_BYTES];
	static char why[256];
	const char *d;

	if (gpt_layout(spec, &img, &err) < 0) {
		snprintf(why, sizeof why, "gpt_layout: %.200s", err.msg);
		return why;
	}
	if (sectors_read(path, 0, disk, 512) < 0)
		return "read sector 0";
	if (*(d = diff_at("MBR", img.mbr, disk, 512)) != '\0')
		return d;
	if (sectors_read(path, 1, disk, 512) < 0)
		return "read LBA 1";
	if (*(d = diff_at("primary header", img.header, disk, 512)) != '\0')
		return d;
	if (sectors_read(path, 2, disk, sizeof disk) < 0)
		return "read LBA 2";
	if (*(d = diff_at("primary entries", img.entries, disk, sizeof disk)) != '\0')
		return d;
	if (sectors_read(path, img.backup_entries_lba, disk, sizeof disk) < 0)
		return "read backup entries";
	if (*(d = diff_at("backup entries", img.entries, disk, sizeof disk)) != '\0')
		return d;
	if (sectors_read(path, img.backup_header_lba, disk, 512) < 0)
		return "read last LBA";
	return diff_at("backup header", img.backup_header, disk, 512);
}

/* Every sector gpt_layout produced must be the one sfdisk wrote at that LBA. */
static const char *compare_with_sfdisk(const char *name, uint64_t bytes, const char *script,
				       const struct gpt_layout_spec *spec)
{
	static char why[256];
	char path[64];
	const char *d;

	snprintf(path, sizeof path, "%s/%s.img", tmpdir, name);
	if (sfdisk_make(path, bytes, script, why, sizeof why) < 0)
		d = why;
	else
		d = compare_sectors(path, spec);
	if (unlink(path) < 0 && errno != ENOENT)
		return "unlink the sparse image";
	return d;
}

static void dev_disk_2g_is_what_sfdisk_writes(void)
{
	/* image/build-disk.sh's script, data taking the rest */
	static const char script[] =
		"label: gpt\n"
		"label-id: " DISK_GUID "\n"
		"unit: sectors\n"
		"first-lba: 2048\n"
		"start=2048, size=262144, type=" ESP_TYPE ", uuid=6E6F6465-0001-4000-8000-000000000001, name=\"esp\"\n"
		"start=264192, size=1048576, type=" ROOT_TYPE ", uuid=6E6F6465-0002-4000-8000-000000000002, name=\"root-a\"\n"
		"start=1312768, size=1048576, type=" ROOT_TYPE ", uuid=6E6F6465-0003-4000-8000-000000000003, name=\"root-b\"\n"
		"start=2361344, type=" DATA_TYPE ", uuid=6E6F6465-0004-4000-8000-000000000004, name=\"data\"\n";
	struct gpt_layout_spec s = dev_spec(2 * GiB);

	CHECK_STR(compare_with_sfdisk("dev", 2 * GiB, script, &s), "");
	/* what that means, in sfdisk's terms: data ends at 2047 MiB, not at the last usable LBA */
	CHECK_INT(img.first_lba[3], 2361344);
	CHECK_INT(img.last_lba[3], 2047 * 2048 - 1);
	CHECK_INT(le64_load(img.header + 40), 2048);                 /* first usable */
	CHECK_INT(le64_load(img.header + 48), 2 * GiB / 512 - 34);   /* last usable */
}

/* sfdisk placing partitions itself: sizes that are not whole MiB leave gaps up to the next MiB;
 * a disk that is not a whole number of MiB; sfdisk's default first-lba. */
static void odd_sizes_align_like_sfdisk(void)
{
	static const char script[] =
		"label: gpt\n"
		"label-id: 0F0E0D0C-0B0A-4908-8706-050403020100\n"
		"unit: sectors\n"
		"size=201, type=" ESP_TYPE ", uuid=11111111-2222-4333-8444-555555555555, name=\"a\"\n"
		"size=4097, type=" ROOT_TYPE ", uuid=11111111-2222-4333-8444-555555555556, name=\"a-name-of-exactly-36-characters-1234\"\n"
		"type=" DATA_TYPE ", uuid=11111111-2222-4333-8444-555555555557, name=\"Z ~!\"\n";
	static const struct gpt_part_spec parts[] = {
		{ "a", ESP_TYPE, "11111111-2222-4333-8444-555555555555", 201 * 512 },
		{ "a-name-of-exactly-36-characters-1234", ROOT_TYPE,
		  "11111111-2222-4333-8444-555555555556", 4097 * 512 },
		{ "Z ~!", DATA_TYPE, "11111111-2222-4333-8444-555555555557", GPT_SIZE_REST },
	};
	uint64_t bytes = 64 * MiB + 17 * 512;
	struct gpt_layout_spec s = { bytes / 512, 512, "0F0E0D0C-0B0A-4908-8706-050403020100",
				     parts, 3 };

	CHECK_STR(compare_with_sfdisk("odd", bytes, script, &s), "");
	CHECK_INT(img.first_lba[1], 4096);
	CHECK_INT(img.first_lba[2], 10240);
}

/* Beyond 2 TiB the protective MBR record stops at 0xFFFFFFFF sectors. */
static void disk_over_2t_caps_the_mbr_record(void)
{
	static const char script[] =
		"label: gpt\n"
		"label-id: " DISK_GUID "\n"
		"unit: sectors\n"
		"size=2048, type=" ESP_TYPE ", uuid=6E6F6465-0001-4000-8000-000000000001, name=\"esp\"\n"
		"type=" DATA_TYPE ", uuid=6E6F6465-0004-4000-8000-000000000004, name=\"data\"\n";
	static const struct gpt_part_spec parts[] = {
		{ "esp", ESP_TYPE, "6E6F6465-0001-4000-8000-000000000001", MiB },
		{ "data", DATA_TYPE, "6E6F6465-0004-4000-8000-000000000004", GPT_SIZE_REST },
	};
	uint64_t bytes = 3 * 1024 * GiB;
	struct gpt_layout_spec s = { bytes / 512, 512, DISK_GUID, parts, 2 };

	CHECK_STR(compare_with_sfdisk("big", bytes, script, &s), "");
	CHECK_INT(le32_load(img.mbr + 446 + 12), 0xffffffffu);
}

/* ---- pieces ------------------------------------------------------------------------------- */

static void crc32_is_zlibs(void)
{
	const uint8_t *s = (const uint8_t *)"123456789";

	CHECK_INT(crc32_update(0, s, 9), 0xcbf43926u);
	CHECK_INT(crc32_update(0, s, 0), 0);
	CHECK_INT(crc32_update(crc32_update(0, s, 4), s + 4, 5), 0xcbf43926u);
}

static void guid_text_becomes_mixed_endian_bytes(void)
{
	static const uint8_t want[16] = { 0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
					  0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b };
	uint8_t g[16];
	char text[GPT_GUID_TEXT + 1];

	CHECK(gpt_guid_parse(ESP_TYPE, g, &err) == 0);
	CHECK(memcmp(g, want, 16) == 0);
	CHECK(gpt_guid_parse("c12a7328-f81f-11d2-ba4b-00a0c93ec93b", g, &err) == 0);
	CHECK(memcmp(g, want, 16) == 0);
	gpt_guid_format(g, text);
	CHECK_STR(text, ESP_TYPE);
}

static void guid_of_wrong_length_is_refused(void)
{
	uint8_t g[16];

	CHECK(gpt_guid_parse("C12A7328-F81F-11D2-BA4B-00A0C93EC93", g, &err) < 0);
	CHECK_CONTAINS(err.msg, "35 characters, not 36");
	CHECK(gpt_guid_parse("C12A7328-F81F-11D2-BA4B-00A0C93EC93BB", g, &err) < 0);
	CHECK_CONTAINS(err.msg, "more than 36 characters");
	CHECK(gpt_guid_parse("", g, &err) < 0);
	CHECK_CONTAINS(err.msg, "0 characters");
	CHECK(gpt_guid_parse("{C12A7328-F81F-11D2-BA4B-00A0C93EC93B}", g, &err) < 0);
}

static void guid_with_bad_hex_is_refused(void)
{
	uint8_t g[16];

	CHECK(gpt_guid_parse("C12G7328-F81F-11D2-BA4B-00A0C93EC93B", g, &err) < 0);
	CHECK_CONTAINS(err.msg, "character 4 is 'G', not a hexadecimal digit");
	CHECK(gpt_guid_parse("C12A7328-F81F-11D2-BA4B-00A0C93EC93\x01", g, &err) < 0);
	CHECK_CONTAINS(err.msg, "character 36 is 0x01");
	CHECK(gpt_guid_parse("C12A7328-F81F-11D2-BA4B- 0A0C93EC93B", g, &err) < 0);
	CHECK_CONTAINS(err.msg, "character 25 is ' '");
}

static void guid_with_wrong_dashes_is_refused(void)
{
	uint8_t g[16];

	CHECK(gpt_guid_parse("C12A732-8F81F-11D2-BA4B-00A0C93EC93B", g, &err) < 0);
	CHECK_CONTAINS(err.msg, "character 8 is '-', not a hexadecimal digit");
	CHECK(gpt_guid_parse("C12A7328F-81F-11D2-BA4B-00A0C93EC93B", g, &err) < 0);
	CHECK_CONTAINS(err.msg, "character 9 is 'F', not '-'");
	CHECK(gpt_guid_parse("C12A7328-F81F-11D2-BA4B_00A0C93EC93B", g, &err) < 0);
	CHECK_CONTAINS(err.msg, "character 24 is '_', not '-'");
	CHECK(gpt_guid_parse("C12A7328F81F11D2BA4B00A0C93EC93B----", g, &err) < 0);
}

/* ---- round trip and corruption ------------------------------------------------------------ */

static void layout_reads_back_through_gpt_check(void)
{
	struct gpt_layout_spec s = dev_spec(8 * GiB);
	char text[GPT_GUID_TEXT + 1];
	unsigned i;

	CHECK(gpt_layout(&s, &img, &err) == 0);
	CHECK_INT(gpt_check(img.header, img.entries, sizeof img.entries, s.disk_sectors, &table,
			    &err), 1);
	CHECK_INT(table.nparts, 4);
	CHECK_INT(table.entries_count, 128);
	CHECK_INT(table.alternate_lba, s.disk_sectors - 1);
	CHECK_INT(table.first_usable_lba, 2048);
	CHECK_INT(table.last_usable_lba, s.disk_sectors - 34);
	gpt_guid_format(table.disk_guid, text);
	CHECK_STR(text, DISK_GUID);
	for (i = 0; i < 4; i++) {
		CHECK_INT(table.parts[i].index, i + 1);
		CHECK_STR(table.parts[i].name, dev_parts[i].name);
		gpt_guid_format(table.parts[i].type_guid, text);
		CHECK_STR(text, dev_parts[i].type_guid);
		gpt_guid_format(table.parts[i].unique_guid, text);
		CHECK_STR(text, dev_parts[i].unique_guid);
		CHECK_INT(table.parts[i].first_lba, img.first_lba[i]);
		CHECK_INT(table.parts[i].last_lba, img.last_lba[i]);
		CHECK_INT(table.parts[i].attributes, 0);
		CHECK_INT(table.parts[i].first_lba % 2048, 0);
	}
	CHECK_INT(table.parts[0].first_lba, 2048);
	CHECK_INT(table.parts[1].first_lba, table.parts[0].last_lba + 1);
	CHECK_INT(table.parts[3].last_lba, 8 * GiB / 512 - 2048 - 1);
}

/* The backup header is the primary one with the LBAs swapped and its own CRC. */
static void backup_header_mirrors_the_primary(void)
{
	struct gpt_layout_spec s = dev_spec(2 * GiB);
	uint8_t h[GPT_SECTOR];
	uint64_t last = 2 * GiB / 512 - 1;

	CHECK(gpt_layout(&s, &img, &err) == 0);
	CHECK_INT(img.backup_header_lba, last);
	CHECK_INT(img.backup_entries_lba, last - 32);
	CHECK_INT(le64_load(img.backup_header + 24), last);
	CHECK_INT(le64_load(img.backup_header + 32), 1);
	CHECK_INT(le64_load(img.backup_header + 72), last - 32);
	memcpy(h, img.backup_header, sizeof h);
	memset(h + 16, 0, 4);
	CHECK_INT(crc32_update(0, h, 92), le32_load(img.backup_header + 16));
	/* with the swapped fields and the CRC put back, the same bytes as the primary */
	memcpy(h, img.header, 16);
	memcpy(h + 16, img.header + 16, 4);
	memcpy(h + 24, img.header + 24, 16);
	memcpy(h + 72, img.header + 72, 8);
	CHECK(memcmp(h, img.header, sizeof h) == 0);
}

static void blank_sector_is_no_gpt(void)
{
	static const uint8_t zero[GPT_SECTOR], zeros[GPT_ENTRIES_BYTES];

	CHECK_INT(gpt_check(zero, zeros, sizeof zeros, 1 << 20, &table, &err), 0);
	CHECK_CONTAINS(err.msg, "no GPT signature at LBA 1");
}

/* Every single-bit flip in the 92 header bytes is caught: in the signature as "no GPT", in
 * revision and size by their checks, everywhere else by the header CRC. */
static void every_flipped_header_bit_is_caught(void)
{
	struct gpt_layout_spec s = dev_spec(2 * GiB);
	unsigned bit;

	CHECK(gpt_layout(&s, &img, &err) == 0);
	for (bit = 0; bit < 92 * 8; bit++) {
		int r;

		img.header[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		r = gpt_check(img.header, img.entries, sizeof img.entries, s.disk_sectors, &table,
			      &err);
		img.header[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		CHECK_INT(r, bit < 64 ? 0 : -1);
		if (bit >= 16 * 8)
			CHECK_CONTAINS(err.msg, "GPT header: CRC");
	}
	CHECK_INT(gpt_check(img.header, img.entries, sizeof img.entries, s.disk_sectors, &table,
			    &err), 1);
}

/* A flip anywhere in the entry array, used entries or unused ones: the array CRC. */
static void flipped_entry_bits_are_caught(void)
{
	struct gpt_layout_spec s = dev_spec(2 * GiB);
	unsigned bit;

	CHECK(gpt_layout(&s, &img, &err) == 0);
	for (bit = 0; bit < GPT_ENTRIES_BYTES * 8; bit += 61) {
		int r;

		img.entries[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		r = gpt_check(img.header, img.entries, sizeof img.entries, s.disk_sectors, &table,
			      &err);
		img.entries[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		CHECK_INT(r, -1);
		CHECK_CONTAINS(err.msg, "GPT entries: CRC");
	}
}

/* Fixes both CRCs after an edit, so the checks behind them are reached. */
static void crcs_fix(uint8_t *header, const uint8_t *entries)
{
	uint32_t c = crc32_update(0, entries, GPT_ENTRIES_BYTES);

	header[88] = (uint8_t)c, header[89] = (uint8_t)(c >> 8);
	header[90] = (uint8_t)(c >> 16), header[91] = (uint8_t)(c >> 24);
	memset(header + 16, 0, 4);
	c = crc32_update(0, header, 92);
	header[16] = (uint8_t)c, header[17] = (uint8_t)(c >> 8);
	header[18] = (uint8_t)(c >> 16), header[19] = (uint8_t)(c >> 24);
}

static void inconsistent_tables_with_good_crcs_are_refused(void)
{
	struct gpt_layout_spec s = dev_spec(2 * GiB);
	uint64_t d = s.disk_sectors;

	CHECK(gpt_layout(&s, &img, &err) == 0);
	/* read as if the disk were smaller than the table says */
	CHECK_INT(gpt_check(img.header, img.entries, sizeof img.entries, d - 1, &table, &err), -1);
	CHECK_CONTAINS(err.msg, "backup header LBA 4194303 is not inside the disk");
	/* fewer entry bytes read than the header declares */
	CHECK_INT(gpt_check(img.header, img.entries, 512, d, &table, &err), -1);
	CHECK_CONTAINS(err.msg, "128 entries; 1..4 were read");
	/* root-a starting inside the ESP */
	img.entries[128 + 32 + 1] = 0x07;                 /* first LBA 264192 -> 263936 */
	crcs_fix(img.header, img.entries);
	CHECK_INT(gpt_check(img.header, img.entries, sizeof img.entries, d, &table, &err), -1);
	CHECK_CONTAINS(err.msg, "GPT entries 1 and 2 overlap");
	/* ESP starting in the primary entry array */
	CHECK(gpt_layout(&s, &img, &err) == 0);
	img.entries[32 + 1] = 0x00;                       /* first LBA 2048 -> 0 */
	crcs_fix(img.header, img.entries);
	CHECK_INT(gpt_check(img.header, img.entries, sizeof img.entries, d, &table, &err), -1);
	CHECK_CONTAINS(err.msg, "GPT entry 1: LBAs 0..264191 are not inside the usable 2048..");
	/* entries somewhere else than LBA 2 */
	CHECK(gpt_layout(&s, &img, &err) == 0);
	img.header[72] = 3;
	crcs_fix(img.header, img.entries);
	CHECK_INT(gpt_check(img.header, img.entries, sizeof img.entries, d, &table, &err), -1);
	CHECK_CONTAINS(err.msg, "entries at LBA 3");
	/* usable range reaching into the backup entries' header */
	CHECK(gpt_layout(&s, &img, &err) == 0);
	memcpy(img.header + 48, img.header + 32, 8);      /* last usable = backup header LBA */
	crcs_fix(img.header, img.entries);
	CHECK_INT(gpt_check(img.header, img.entries, sizeof img.entries, d, &table, &err), -1);
	CHECK_CONTAINS(err.msg, "usable LBAs 2048..4194303 are not between");
}

/* ---- refusals ----------------------------------------------------------------------------- */

static int layout_fails(struct gpt_part_spec *parts, unsigned n, uint64_t disk_bytes)
{
	struct gpt_layout_spec s = { disk_bytes / 512, 512, DISK_GUID, parts, n };

	memset(&err, 0, sizeof err);
	return gpt_layout(&s, &img, &err) < 0;
}

static void sector_size_other_than_512_is_refused(void)
{
	struct gpt_layout_spec s = dev_spec(2 * GiB);

	s.sector_size = 4096;
	CHECK(gpt_layout(&s, &img, &err) < 0);
	CHECK_CONTAINS(err.msg, "logical sector size 4096 is not supported: only 512");
}

static void nine_partitions_are_refused(void)
{
	struct gpt_part_spec p[9];
	char guids[9][37];
	unsigned i;

	for (i = 0; i < 9; i++) {
		snprintf(guids[i], sizeof guids[i], "6E6F6465-0001-4000-8000-00000000001%u", i);
		p[i] = (struct gpt_part_spec){ "p", DATA_TYPE, guids[i], MiB };
	}
	CHECK(!layout_fails(p, 8, GiB));
	CHECK(layout_fails(p, 9, GiB));
	CHECK_CONTAINS(err.msg, "9 partitions: at most 8");
}

static void rest_before_the_last_is_refused(void)
{
	struct gpt_part_spec p[4];

	memcpy(p, dev_parts, sizeof p);
	p[1].size = GPT_SIZE_REST;
	CHECK(layout_fails(p, 4, 2 * GiB));
	CHECK_CONTAINS(err.msg, "partition 2 (root-a): only the last partition may take the rest");
}

static void long_or_non_ascii_names_are_refused(void)
{
	struct gpt_part_spec p[4];

	memcpy(p, dev_parts, sizeof p);
	p[2].name = "a-name-of-exactly-37-characters-12345";
	CHECK(layout_fails(p, 4, 2 * GiB));
	CHECK_CONTAINS(err.msg, "partition 3: name is longer than 36 characters");
	p[2].name = "r\xc3\xb6t";                          /* UTF-8 */
	CHECK(layout_fails(p, 4, 2 * GiB));
	CHECK_CONTAINS(err.msg, "partition 3: name character 2 is 0xc3; only printable ASCII");
	p[2].name = "tab\there";
	CHECK(layout_fails(p, 4, 2 * GiB));
	CHECK_CONTAINS(err.msg, "name character 4 is 0x09");
}

static void zero_and_partial_sector_sizes_are_refused(void)
{
	struct gpt_part_spec p[4];

	memcpy(p, dev_parts, sizeof p);
	p[0].size = 0;
	CHECK(layout_fails(p, 4, 2 * GiB));
	CHECK_CONTAINS(err.msg, "partition 1 (esp): size is zero");
	p[0].size = 128 * MiB + 100;
	CHECK(layout_fails(p, 4, 2 * GiB));
	CHECK_CONTAINS(err.msg, "partition 1 (esp): size 134217828 bytes is not a multiple of 512");
}

static void bad_duplicate_or_zero_guids_are_refused(void)
{
	struct gpt_part_spec p[4];
	struct gpt_layout_spec s = dev_spec(2 * GiB);

	memcpy(p, dev_parts, sizeof p);
	p[1].type_guid = "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B70";
	CHECK(layout_fails(p, 4, 2 * GiB));
	CHECK_CONTAINS(err.msg, "partition 2 (root-a): type GUID is 35 characters");
	memcpy(p, dev_parts, sizeof p);
	p[2].unique_guid = p[1].unique_guid;
	CHECK(layout_fails(p, 4, 2 * GiB));
	CHECK_CONTAINS(err.msg, "partition 3 (root-b): unique GUID 6E6F6465-0002-4000-8000-000000000002 "
		       "is also partition 2's");
	memcpy(p, dev_parts, sizeof p);
	p[0].unique_guid = DISK_GUID;
	CHECK(layout_fails(p, 4, 2 * GiB));
	CHECK_CONTAINS(err.msg, "is the disk GUID");
	memcpy(p, dev_parts, sizeof p);
	p[3].type_guid = "00000000-0000-0000-0000-000000000000";
	CHECK(layout_fails(p, 4, 2 * GiB));
	CHECK_CONTAINS(err.msg, "partition 4 (data): type GUID is all zero");
	s.disk_guid = "6E6F6465-0000-4000-8000-00000000000g";
	CHECK(gpt_layout(&s, &img, &err) < 0);
	CHECK_CONTAINS(err.msg, "disk GUID character 36 is 'g'");
}

/* esp 128 + root-a/b 512 + data 256 MiB, all fixed: data ends at 1409 MiB - 1 sector, and the
 * last usable LBA must reach it, so the disk needs 1409 MiB + 33 sectors. */
static void disk_of_exactly_the_needed_size_fits_one_sector_less_does_not(void)
{
	struct gpt_part_spec p[4];
	uint64_t need = 1409 * 2048 + 33;

	memcpy(p, dev_parts, sizeof p);
	p[3].size = 256 * MiB;
	CHECK(!layout_fails(p, 4, need * 512));
	CHECK_INT(img.last_lba[3], le64_load(img.header + 48));
	CHECK_INT(gpt_check(img.header, img.entries, sizeof img.entries, need, &table, &err), 1);
	CHECK(layout_fails(p, 4, (need - 1) * 512));
	CHECK_CONTAINS(err.msg, "partition 4 (data) does not fit: the disk is 512 bytes too small "
		       "for it");
	CHECK_CONTAINS(err.msg, "(it has 1477459968 bytes; the layout needs at least 1477460480)");
}

/* A rest partition gets at least 1 MiB: data from 1153 MiB needs a disk of 1154 MiB + 33. */
static void rest_partition_needs_one_mib(void)
{
	uint64_t need = 1154 * 2048 + 33;

	CHECK(!layout_fails(dev_parts, 4, need * 512));
	CHECK_INT(img.last_lba[3] - img.first_lba[3] + 1, 2048);
	CHECK(layout_fails(dev_parts, 4, (need - 1) * 512));
	CHECK_CONTAINS(err.msg, "partition 4 (data) does not fit: the disk is 512 bytes too small "
		       "for it, which takes the rest but at least 1 MiB");
}

/* The first partition that does not fit is named, with its own shortfall and the total. */
static void too_small_disk_names_the_first_partition_that_does_not_fit(void)
{
	struct gpt_part_spec p[4];

	/* root-a ends at 641 MiB - 1 sector: 129 MiB and the 33 backup sectors past 512 MiB */
	CHECK(layout_fails(dev_parts, 4, 512 * MiB));
	CHECK_CONTAINS(err.msg, "partition 2 (root-a) does not fit: the disk is 135283200 bytes "
		       "too small for it (it has 536870912 bytes; the layout needs at least "
		       "1210073600)");
	CHECK(layout_fails(dev_parts, 1, 4096));
	CHECK_CONTAINS(err.msg, "partition 1 (esp) does not fit");
	memcpy(p, dev_parts, sizeof p);
	p[0].size = 1ull << 62;                           /* larger than any disk: no overflow */
	CHECK(layout_fails(p, 4, 2 * GiB));
	CHECK_CONTAINS(err.msg, "partition 1 (esp) does not fit");
}

int main(void)
{
	/* an sfdisk that exits before reading its script must fail the case, not kill the test */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
		perror("signal");
		return 1;
	}
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	RUN(dev_disk_2g_is_what_sfdisk_writes);
	RUN(odd_sizes_align_like_sfdisk);
	RUN(disk_over_2t_caps_the_mbr_record);
	RUN(crc32_is_zlibs);
	RUN(guid_text_becomes_mixed_endian_bytes);
	RUN(guid_of_wrong_length_is_refused);
	RUN(guid_with_bad_hex_is_refused);
	RUN(guid_with_wrong_dashes_is_refused);
	RUN(layout_reads_back_through_gpt_check);
	RUN(backup_header_mirrors_the_primary);
	RUN(blank_sector_is_no_gpt);
	RUN(every_flipped_header_bit_is_caught);
	RUN(flipped_entry_bits_are_caught);
	RUN(inconsistent_tables_with_good_crcs_are_refused);
	RUN(sector_size_other_than_512_is_refused);
	RUN(nine_partitions_are_refused);
	RUN(rest_before_the_last_is_refused);
	RUN(long_or_non_ascii_names_are_refused);
	RUN(zero_and_partial_sector_sizes_are_refused);
	RUN(bad_duplicate_or_zero_guids_are_refused);
	RUN(disk_of_exactly_the_needed_size_fits_one_sector_less_does_not);
	RUN(rest_partition_needs_one_mib);
	RUN(too_small_disk_names_the_first_partition_that_does_not_fit);
	if (rmdir(tmpdir) < 0)
		perror(tmpdir);
	return check_done();
}
