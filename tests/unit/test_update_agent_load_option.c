/* The Boot#### load option provision writes, byte for byte as the UEFI spec lays it out
 * ("Load Options", "Hard Drive Media Device Path", "File Path Media Device Path"), and the
 * parser for what the firmware hands back: untrusted bytes, every short and odd form refused. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "gpt_guid.h"
#include "load_option.h"

static struct upd_error err;
static struct load_option_view v, w;
static uint8_t opt[LOAD_OPTION_BUILD_MAX];
static size_t len;

/* Computed by hand from the spec for partition 1 at LBA 2048, 262144 LBAs (the node's ESP:
 * 128 MiB at 1 MiB), unique GUID 00112233-4455-6677-8899-AABBCCDDEEFF. */
static const uint8_t expected[] = {
	/* EFI_LOAD_OPTION.Attributes: LOAD_OPTION_ACTIVE */
	0x01, 0x00, 0x00, 0x00,
	/* FilePathListLength: 42 (Hard Drive) + 48 (File Path) + 4 (End) = 94 */
	0x5e, 0x00,
	/* Description: "Node (vda)", UTF-16LE, NUL-terminated */
	'N', 0, 'o', 0, 'd', 0, 'e', 0, ' ', 0, '(', 0, 'v', 0, 'd', 0, 'a', 0, ')', 0, 0, 0,
	/* Hard Drive Media Device Path: type 4 (media), subtype 1 (hard drive), length 42 */
	0x04, 0x01, 0x2a, 0x00,
	/* PartitionNumber 1 */
	0x01, 0x00, 0x00, 0x00,
	/* PartitionStart 2048 = 0x800 */
	0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* PartitionSize 262144 = 0x40000 */
	0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* PartitionSignature: the GUID as GPT stores it (first three groups little-endian) */
	0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
	/* MBRType 2 (GUID Partition Table), SignatureType 2 (GUID) */
	0x02, 0x02,
	/* File Path Media Device Path: type 4, subtype 4, length 4 + 2 * 22 = 48 */
	0x04, 0x04, 0x30, 0x00,
	'\\', 0, 'E', 0, 'F', 0, 'I', 0, '\\', 0, 'B', 0, 'O', 0, 'O', 0, 'T', 0, '\\', 0,
	'B', 0, 'O', 0, 'O', 0, 'T', 0, 'X', 0, '6', 0, '4', 0, '.', 0, 'E', 0, 'F', 0, 'I', 0,
	0, 0,
	/* End of Hardware Device Path, End Entire Device Path, length 4 */
	0x7f, 0xff, 0x04, 0x00,
};

static struct hd_partition esp(void)
{
	struct hd_partition p = { 1, 2048, 262144, { 0 } };

	if (gpt_guid_parse("00112233-4455-6677-8899-AABBCCDDEEFF", p.guid, &err) < 0)
		p.number = 0;
	return p;
}

static int build(const struct hd_partition *p, const char *desc)
{
	return load_option_build(p, desc, "\\EFI\\BOOT\\BOOTX64.EFI", opt, sizeof opt, &len, &err);
}

static void the_esp_entry_is_the_bytes_the_spec_gives(void)
{
	struct hd_partition p = esp();

	CHECK_INT(p.number, 1);
	CHECK_INT(build(&p, "Node (vda)"), 0);
	CHECK_INT(len, sizeof expected);
	CHECK_INT(len, 122);
	CHECK(memcmp(opt, expected, sizeof expected) == 0);
}

static void large_lbas_keep_all_64_bits(void)
{
	struct hd_partition p = esp();

	p.number = 0x01020304;
	p.start_lba = 0x1122334455667788ull;
	p.size_lba = 0x8877665544332211ull;
	CHECK_INT(build(&p, "Node (vda)"), 0);
	/* the Hard Drive node starts after the 6-byte header and the 22-byte description */
	CHECK(memcmp(opt + 28 + 4, "\x04\x03\x02\x01", 4) == 0);
	CHECK(memcmp(opt + 28 + 8, "\x88\x77\x66\x55\x44\x33\x22\x11", 8) == 0);
	CHECK(memcmp(opt + 28 + 16, "\x11\x22\x33\x44\x55\x66\x77\x88", 8) == 0);
}

static void the_builder_refuses_what_it_cannot_write(void)
{
	struct hd_partition p = esp();
	char longdesc[LOAD_OPTION_DESC_MAX + 2];

	CHECK_INT(build(&p, ""), -1);
	CHECK_INT(build(&p, "Node\n"), -1);
	CHECK_INT(build(&p, "N\xc3\xb6" "de"), -1);
	memset(longdesc, 'x', sizeof longdesc - 1);
	longdesc[sizeof longdesc - 1] = '\0';
	CHECK_INT(build(&p, longdesc), -1);
	longdesc[LOAD_OPTION_DESC_MAX] = '\0';
	CHECK_INT(build(&p, longdesc), 0);
	CHECK_INT(load_option_build(&p, "Node", "", opt, sizeof opt, &len, &err), -1);
	CHECK_INT(load_option_build(&p, "Node", "\\a", opt, 20, &len, &err), -1);
	CHECK_CONTAINS(err.msg, "does not fit");
	p.number = 0;
	CHECK_INT(build(&p, "Node"), -1);
	CHECK_CONTAINS(err.msg, "whole disk");
}

static void a_built_entry_parses_back(void)
{
	struct hd_partition p = esp();

	CHECK_INT(build(&p, "Node (vda)"), 0);
	CHECK_INT(load_option_parse(opt, len, &v, &err), 0);
	CHECK_INT(v.attributes, LOAD_OPTION_ACTIVE);
	CHECK_INT(v.desc_units, 10);
	CHECK(v.desc == opt + 6);
	CHECK_INT(v.path_len, 94);
	CHECK(v.path == opt + 28);
	CHECK_INT(v.optional_len, 0);
}

static void optional_data_is_counted_not_read(void)
{
	struct hd_partition p = esp();

	CHECK_INT(build(&p, "Node (vda)"), 0);
	memcpy(opt + len, "\x01\x02\x03", 3);
	CHECK_INT(load_option_parse(opt, len + 3, &v, &err), 0);
	CHECK_INT(v.optional_len, 3);
	CHECK_INT(v.path_len, 94);
}

static void every_truncation_is_refused(void)
{
	struct hd_partition p = esp();
	size_t n;

	CHECK_INT(build(&p, "Node (vda)"), 0);
	for (n = 0; n < len; n++)
		if (load_option_parse(opt, n, &v, &err) != -1) {
			snprintf(check_why, sizeof check_why, "%zu of %zu bytes accepted", n, len);
			return;
		}
}

static void short_headers_are_refused(void)
{
	static const uint8_t zero[8];

	CHECK_INT(load_option_parse(zero, 0, &v, &err), -1);
	CHECK_INT(load_option_parse(zero, 5, &v, &err), -1);
	CHECK_INT(load_option_parse(zero, 7, &v, &err), -1);
	CHECK_CONTAINS(err.msg, "7 bytes");
	/* an empty description and a device path of length 0 */
	CHECK_INT(load_option_parse(zero, 8, &v, &err), -1);
	CHECK_CONTAINS(err.msg, "empty device path");
}

static void a_description_without_its_nul_is_refused(void)
{
	/* header (path length 1), then "AB" and an odd byte where the NUL would be */
	static const uint8_t b[] = { 1, 0, 0, 0, 1, 0, 'A', 0, 'B', 0, 0 };

	CHECK_INT(load_option_parse(b, sizeof b, &v, &err), -1);
	CHECK_CONTAINS(err.msg, "no terminating NUL");
	/* the NUL split over the odd end does not count either */
	CHECK_INT(load_option_parse(b, 9, &v, &err), -1);
}

static void a_path_length_past_the_end_is_refused(void)
{
	/* description "A", then 4 bytes where FilePathListLength says 5 */
	static const uint8_t b[] = { 1, 0, 0, 0, 5, 0, 'A', 0, 0, 0, 0x7f, 0xff, 4, 0 };

	CHECK_INT(load_option_parse(b, sizeof b, &v, &err), -1);
	CHECK_CONTAINS(err.msg, "runs past the end");
	CHECK_INT(load_option_parse(b, sizeof b - 1, &v, &err), -1);
}

static void an_odd_length_with_the_path_inside_parses(void)
{
	/* description "A", a 4-byte path, one byte of optional data: 15 bytes in all */
	static const uint8_t b[] = { 1, 0, 0, 0, 4, 0, 'A', 0, 0, 0, 0x7f, 0xff, 4, 0, 9 };

	CHECK_INT(load_option_parse(b, sizeof b, &v, &err), 0);
	CHECK_INT(v.desc_units, 1);
	CHECK_INT(v.path_len, 4);
	CHECK_INT(v.optional_len, 1);
}

static void a_path_length_of_0xffff_is_refused_not_read(void)
{
	static const uint8_t b[] = { 1, 0, 0, 0, 0xff, 0xff, 0, 0, 0x7f, 0xff, 4, 0 };

	CHECK_INT(load_option_parse(b, sizeof b, &v, &err), -1);
	CHECK_CONTAINS(err.msg, "65535 bytes");
}

static uint8_t other[LOAD_OPTION_BUILD_MAX];
static size_t other_len;

/* ours in v (from opt), the other one in w (from other) */
static int both(const struct hd_partition *a, const char *adesc, const struct hd_partition *b,
		const char *bdesc)
{
	if (build(a, adesc) < 0 || load_option_parse(opt, len, &v, &err) < 0)
		return -1;
	if (load_option_build(b, bdesc, "\\EFI\\BOOT\\BOOTX64.EFI", other, sizeof other,
			      &other_len, &err) < 0 ||
	    load_option_parse(other, other_len, &w, &err) < 0)
		return -1;
	return 0;
}

static void the_same_device_path_is_the_same_entry_whatever_its_name(void)
{
	struct hd_partition p = esp();

	CHECK_INT(both(&p, "Node (vda)", &p, "Node (vda)"), 0);
	CHECK_INT(load_option_match(&w, &v), LOAD_OPTION_SAME_PATH);
	CHECK_INT(both(&p, "Node (vda)", &p, "somebody's name"), 0);
	CHECK_INT(load_option_match(&w, &v), LOAD_OPTION_SAME_PATH);
}

static void an_earlier_provision_of_that_disk_differs_only_in_the_guid(void)
{
	struct hd_partition p = esp(), q = esp();

	q.guid[15] ^= 0x01;
	q.guid[0] ^= 0x80;
	CHECK_INT(both(&p, "Node (vda)", &q, "Node (vda)"), 0);
	CHECK_INT(load_option_match(&w, &v), LOAD_OPTION_SAME_BUT_GUID);
}

static void another_disks_or_another_partitions_entry_is_not_ours(void)
{
	struct hd_partition p = esp(), q = esp();

	q.guid[3] ^= 0x01;
	CHECK_INT(both(&p, "Node (vda)", &q, "Node (vdb)"), 0);
	CHECK_INT(load_option_match(&w, &v), LOAD_OPTION_OTHER);
	q.number = 2;
	CHECK_INT(both(&p, "Node (vda)", &q, "Node (vda)"), 0);
	CHECK_INT(load_option_match(&w, &v), LOAD_OPTION_OTHER);
	q = esp();
	q.guid[3] ^= 0x01;
	q.start_lba = 4096;
	CHECK_INT(both(&p, "Node (vda)", &q, "Node (vda)"), 0);
	CHECK_INT(load_option_match(&w, &v), LOAD_OPTION_OTHER);
	/* another file on the same partition */
	CHECK_INT(build(&p, "Node (vda)"), 0);
	CHECK_INT(load_option_parse(opt, len, &v, &err), 0);
	CHECK_INT(load_option_build(&p, "Node (vda)", "\\EFI\\BOOT\\BOOTX65.EFI", other,
				    sizeof other, &other_len, &err), 0);
	CHECK_INT(load_option_parse(other, other_len, &w, &err), 0);
	CHECK_INT(load_option_match(&w, &v), LOAD_OPTION_OTHER);
}

int main(void)
{
	RUN(the_esp_entry_is_the_bytes_the_spec_gives);
	RUN(large_lbas_keep_all_64_bits);
	RUN(the_builder_refuses_what_it_cannot_write);
	RUN(a_built_entry_parses_back);
	RUN(optional_data_is_counted_not_read);
	RUN(every_truncation_is_refused);
	RUN(short_headers_are_refused);
	RUN(a_description_without_its_nul_is_refused);
	RUN(a_path_length_past_the_end_is_refused);
	RUN(an_odd_length_with_the_path_inside_parses);
	RUN(a_path_length_of_0xffff_is_refused_not_read);
	RUN(the_same_device_path_is_the_same_entry_whatever_its_name);
	RUN(an_earlier_provision_of_that_disk_differs_only_in_the_guid);
	RUN(another_disks_or_another_partitions_entry_is_not_ours);
	return check_done();
}
