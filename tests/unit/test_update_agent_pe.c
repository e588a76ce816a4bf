/* Reading .cmdline and .osrel out of a UKI's bytes as they stream past (pe_stream), with every
 * offset and size from the untrusted PE header checked; then what the agent concludes from them
 * (uki_info): which slot the UKI boots and whether it fits the manifest. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "hex.h"
#include "uki_info.h"

#define IMG_MAX 32768
#define LFANEW 0x80
#define OPT_SIZE 0xf0               /* PE32+ optional header */
#define TABLE (LFANEW + 24 + OPT_SIZE)

static uint8_t img[IMG_MAX];
static size_t img_len;
static struct pe_stream pe;
static struct upd_error err;
static struct uki_info info;
static struct manifest man;

static void le16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void le32(uint8_t *p, uint32_t v)
{
	le16(p, v & 0xffff);
	le16(p + 2, v >> 16);
}

static const char root_hex[] = "1111111111111111111111111111111111111111111111111111111111111111";
static const char salt_hex[] = "2222222222222222222222222222222222222222222222222222222222222222";

static char cmdline[1024];
static char osrel[256] = "ID=node\nIMAGE_ID=node\nIMAGE_VERSION=2.0.0\n";

/* A PE image like build-uki.sh makes: stub-ish headers, then .osrel, .cmdline, .linux at file
 * offsets 0x1000, 0x2000, 0x3000 (sizes rounded up to 512 in SizeOfRawData). */
static void build(void)
{
	struct { const char *name; const void *data; uint32_t len; } s[3] = {
		{ ".osrel", osrel, (uint32_t)strlen(osrel) },
		{ ".cmdline", cmdline, (uint32_t)strlen(cmdline) },
		{ ".linux", "kernel", 6 },
	};
	unsigned i;

	memset(img, 0, sizeof img);
	img[0] = 'M';
	img[1] = 'Z';
	le32(img + 0x3c, LFANEW);
	memcpy(img + LFANEW, "PE\0\0", 4);
	le16(img + LFANEW + 4, 0x8664);
	le16(img + LFANEW + 6, 3);
	le16(img + LFANEW + 20, OPT_SIZE);
	for (i = 0; i < 3; i++) {
		uint8_t *e = img + TABLE + 40 * i;
		uint32_t off = 0x1000 * (i + 1);

		memcpy(e, s[i].name, strlen(s[i].name));
		le32(e + 8, s[i].len);
		le32(e + 12, off + 0x10000);
		le32(e + 16, (s[i].len + 511) / 512 * 512);
		le32(e + 20, off);
		memcpy(img + off, s[i].data, s[i].len);
	}
	img_len = 0x4000;
}

static void defaults(void)
{
	snprintf(cmdline, sizeof cmdline,
		 "console=ttyS0 quiet node.data=PARTLABEL=data node.verity=711:712:%s:%s", root_hex,
		 salt_hex);
	memset(&man, 0, sizeof man);
	man.data_blocks = 711;
	if (hex_decode(root_hex, 64, man.verity_root, 32) < 0 ||
	    hex_decode(salt_hex, 64, man.verity_salt, 32) < 0)
		memset(man.verity_root, 0, 32);
	man.version.major = 2;
	build();
}

/* Feeds img in pieces of step bytes; 0 when the stream finished and parsed. */
static int stream(size_t step)
{
	size_t off;

	uki_stream_init(&pe);
	for (off = 0; off < img_len; off += step)
		if (pe_stream_feed(&pe, img + off, img_len - off < step ? img_len - off : step, &err) < 0)
			return -1;
	if (pe_stream_finish(&pe, &err) < 0)
		return -1;
	return uki_info_parse(&pe, &info, &err);
}

static void sections_are_found_whatever_the_chunk_size(void)
{
	static const size_t steps[] = { 1, 7, 64, 511, 4096, 5000, 1 << 20 };
	size_t i;

	defaults();
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		CHECK_INT(stream(steps[i]), 0);
		CHECK_STR(info.version_text, "2.0.0");
		CHECK_INT(info.has_verity, 1);
		CHECK_INT(info.verity.data_blocks, 711);
		CHECK_INT(info.slot_given, 0);
	}
}

static void a_stream_is_complete_once_both_sections_are_in(void)
{
	defaults();
	uki_stream_init(&pe);
	CHECK_INT(pe_stream_feed(&pe, img, 0x2000, &err), 0);
	CHECK_INT(pe_stream_complete(&pe), 0);
	CHECK_INT(pe_stream_feed(&pe, img + 0x2000, 0x1000, &err), 0);
	CHECK_INT(pe_stream_complete(&pe), 1);
}

static void slot_neutral_uki_fits_either_slot(void)
{
	defaults();
	CHECK_INT(stream(4096), 0);
	CHECK_INT(uki_info_check(&info, 'a', &man, &err), 0);
	CHECK_INT(uki_info_check(&info, 'b', &man, &err), 0);
}

static void uki_naming_its_slot_fits_only_that_slot(void)
{
	defaults();
	snprintf(cmdline, sizeof cmdline, "node.slot=a node.root=PARTLABEL=root-a "
		 "node.verity=711:712:%s:%s", root_hex, salt_hex);
	build();
	CHECK_INT(stream(4096), 0);
	CHECK_INT(uki_info_check(&info, 'a', &man, &err), 0);
	CHECK_INT(uki_info_check(&info, 'b', &man, &err), -1);
	CHECK_INT(err.kind, UPD_ERR_POLICY);
	CHECK_CONTAINS(err.msg, "boots slot a");
}

static void uki_whose_root_label_names_the_other_slot_is_refused(void)
{
	defaults();
	snprintf(cmdline, sizeof cmdline, "node.root=PARTLABEL=root-a node.verity=711:712:%s:%s",
		 root_hex, salt_hex);
	build();
	CHECK_INT(stream(4096), 0);
	CHECK_INT(uki_info_check(&info, 'b', &man, &err), -1);
	CHECK_CONTAINS(err.msg, "root-a");
}

static void uki_for_another_root_hash_is_refused(void)
{
	defaults();
	man.verity_root[0] ^= 1;
	CHECK_INT(stream(4096), 0);
	CHECK_INT(uki_info_check(&info, 'b', &man, &err), -1);
	CHECK_INT(err.kind, UPD_ERR_BAD);
	CHECK_CONTAINS(err.msg, "would not boot this root");
}

static void uki_with_another_salt_or_layout_is_refused(void)
{
	defaults();
	man.verity_salt[5] ^= 1;
	CHECK_INT(stream(4096), 0);
	CHECK_INT(uki_info_check(&info, 'b', &man, &err), -1);
	defaults();
	man.data_blocks = 712;
	CHECK_INT(stream(4096), 0);
	CHECK_INT(uki_info_check(&info, 'b', &man, &err), -1);
	CHECK_CONTAINS(err.msg, "data blocks");
}

static void uki_of_another_version_is_refused(void)
{
	defaults();
	man.version.major = 3;
	CHECK_INT(stream(4096), 0);
	CHECK_INT(uki_info_check(&info, 'b', &man, &err), -1);
	CHECK_CONTAINS(err.msg, "IMAGE_VERSION");
}

static void uki_without_verity_is_refused(void)
{
	defaults();
	snprintf(cmdline, sizeof cmdline, "console=ttyS0 quiet");
	build();
	CHECK_INT(stream(4096), 0);
	CHECK_INT(uki_info_check(&info, 'b', &man, &err), -1);
	CHECK_CONTAINS(err.msg, "no node.verity");
}

static void repeated_parameter_is_refused(void)
{
	defaults();
	snprintf(cmdline, sizeof cmdline, "node.verity=711:712:%s:%s node.verity=1:2:%s:%s", root_hex,
		 salt_hex, root_hex, salt_hex);
	build();
	CHECK_INT(stream(4096), -1);
	CHECK_CONTAINS(err.msg, "twice");
}

static void missing_section_is_refused(void)
{
	defaults();
	memcpy(img + TABLE + 40, ".cmdlinX", 8);
	CHECK_INT(stream(4096), -1);
	CHECK_CONTAINS(err.msg, "no .cmdline section");
}

static void duplicate_section_is_refused(void)
{
	defaults();
	memcpy(img + TABLE + 80, ".osrel\0\0", 8);
	CHECK_INT(stream(4096), -1);
	CHECK_CONTAINS(err.msg, "twice");
}

static void not_an_executable_is_refused(void)
{
	defaults();
	img[0] = 'Z';
	CHECK_INT(stream(4096), -1);
	CHECK_CONTAINS(err.msg, "MZ");
	defaults();
	img[LFANEW] = 'X';
	CHECK_INT(stream(4096), -1);
	CHECK_CONTAINS(err.msg, "PE signature");
}

static void header_offset_beyond_the_head_is_refused(void)
{
	defaults();
	le32(img + 0x3c, 0x7fffffff);
	CHECK_INT(stream(4096), -1);
	CHECK_CONTAINS(err.msg, "first 64 KiB");
	defaults();
	le32(img + 0x3c, 0);
	CHECK_INT(stream(4096), -1);
}

static void section_count_out_of_range_is_refused(void)
{
	defaults();
	le16(img + LFANEW + 6, 0);
	CHECK_INT(stream(4096), -1);
	defaults();
	le16(img + LFANEW + 6, 0xffff);
	CHECK_INT(stream(4096), -1);
	CHECK_CONTAINS(err.msg, "section count");
}

static void section_table_beyond_the_head_is_refused(void)
{
	defaults();
	le16(img + LFANEW + 20, 0xffff);
	le16(img + LFANEW + 6, 96);
	CHECK_INT(stream(4096), -1);
	CHECK_CONTAINS(err.msg, "section table");
}

static void oversized_section_is_refused(void)
{
	defaults();
	le32(img + TABLE + 40 + 8, 0x7fffffff);
	le32(img + TABLE + 40 + 16, 0x7fffffff);
	CHECK_INT(stream(4096), -1);
	CHECK_CONTAINS(err.msg, "more than 4096");
}

static void section_beyond_the_end_of_the_file_is_refused(void)
{
	defaults();
	le32(img + TABLE + 40 + 20, 0xfffff000);
	CHECK_INT(stream(4096), -1);
	CHECK_CONTAINS(err.msg, "ends inside section .cmdline");
}

static void file_ending_in_the_headers_is_refused(void)
{
	defaults();
	img_len = LFANEW + 10;
	CHECK_INT(stream(4096), -1);
	CHECK_CONTAINS(err.msg, "PE header");
	img_len = 20;
	CHECK_INT(stream(4096), -1);
}

static void every_truncation_is_refused_without_reading_past_it(void)
{
	size_t n;

	defaults();
	for (n = 0; n < 0x2000 + strlen(cmdline); n++) {
		img_len = n;
		CHECK_INT(stream(333), -1);
	}
}

static void every_flipped_header_byte_is_survived(void)
{
	size_t i;
	int bit;

	for (i = 0; i < TABLE + 3 * 40; i++)
		for (bit = 0; bit < 8; bit++) {
			defaults();
			img[i] ^= (uint8_t)(1 << bit);
			(void)stream(1000);  /* accepted or refused: never out of bounds (ASan, valgrind) */
		}
	CHECK(1);
}

static void virtual_size_bounds_the_section(void)
{
	/* SizeOfRawData is rounded up; only VirtualSize bytes belong to the command line */
	defaults();
	CHECK_INT(stream(4096), 0);
	CHECK_INT(pe_stream_section(&pe, ".cmdline")->size, strlen(cmdline));
}

int main(void)
{
	RUN(sections_are_found_whatever_the_chunk_size);
	RUN(a_stream_is_complete_once_both_sections_are_in);
	RUN(slot_neutral_uki_fits_either_slot);
	RUN(uki_naming_its_slot_fits_only_that_slot);
	RUN(uki_whose_root_label_names_the_other_slot_is_refused);
	RUN(uki_for_another_root_hash_is_refused);
	RUN(uki_with_another_salt_or_layout_is_refused);
	RUN(uki_of_another_version_is_refused);
	RUN(uki_without_verity_is_refused);
	RUN(repeated_parameter_is_refused);
	RUN(missing_section_is_refused);
	RUN(duplicate_section_is_refused);
	RUN(not_an_executable_is_refused);
	RUN(header_offset_beyond_the_head_is_refused);
	RUN(section_count_out_of_range_is_refused);
	RUN(section_table_beyond_the_head_is_refused);
	RUN(oversized_section_is_refused);
	RUN(section_beyond_the_end_of_the_file_is_refused);
	RUN(file_ending_in_the_headers_is_refused);
	RUN(every_truncation_is_refused_without_reading_past_it);
	RUN(every_flipped_header_byte_is_survived);
	RUN(virtual_size_bounds_the_section);
	return check_done();
}
