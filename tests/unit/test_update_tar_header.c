/* tar_header: what a bundle's ustar headers may and may not be. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "tar_header.h"

static uint8_t block[TAR_BLOCK_SIZE];
static struct tar_member m;
static struct upd_error err;

static void build(const char *name, uint64_t size)
{
	if (tar_header_build(block, name, size, 1700000000, &err) < 0)
		memset(block, 0xee, sizeof block);
}

/* After an edit, fix the checksum so the test reaches the rule it is about. */
static void rechecksum(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;
	unsigned sum = 0;

	memset(h->chksum, ' ', sizeof h->chksum);
	for (size_t i = 0; i < sizeof block; i++)
		sum += block[i];
	snprintf((char *)h->chksum, 8, "%06o", sum);
	h->chksum[7] = ' ';
}

static void built_header_parses_back(void)
{
	build("root.img", 1234567);
	CHECK_INT(tar_header_parse(block, &m, &err), 0);
	CHECK_STR(m.name, "root.img");
	CHECK_INT(m.size, 1234567);
	CHECK_INT(m.mode, 0644);
	CHECK_INT(m.mtime, 1700000000);
}

static void header_made_by_gnu_tar_ustar_parses(void)
{
	/* `tar --format=ustar -cf t.tar manifest` (GNU tar 1.34), first 512 bytes, only fields */
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	memset(block, 0, sizeof block);
	memcpy(h->name, "manifest", 8);
	memcpy(h->mode, "0000644", 8);
	memcpy(h->uid, "0000000", 8);
	memcpy(h->gid, "0000000", 8);
	memcpy(h->size, "00000000006", 12);
	memcpy(h->mtime, "15300742012", 12);
	h->typeflag[0] = '0';
	memcpy(h->magic, "ustar", 6);
	memcpy(h->version, "00", 2);
	memcpy(h->uname, "root", 4);
	memcpy(h->gname, "root", 4);
	memcpy(h->devmajor, "0000000", 8);
	memcpy(h->devminor, "0000000", 8);
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), 0);
	CHECK_INT(m.size, 6);
}

static void gnu_magic_is_accepted(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("uki.efi", 10);
	memcpy(h->magic, "ustar  ", 8);
	memset(h->devmajor, 0, 16); /* GNU leaves device numbers empty */
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), 0);
}

static void bad_checksum_is_rejected(void)
{
	build("manifest", 10);
	block[0] ^= 1;
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "checksum");
}

static void signed_byte_checksum_is_rejected(void)
{
	/* historic tars summed signed chars; a bundle header has one spelling, the unsigned one */
	struct tar_header_raw *h = (struct tar_header_raw *)block;
	int sum = 0;

	build("manifest", 10);
	memcpy(h->uname, "r\xe9\0\0", 4);
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), 0);
	memset(h->chksum, ' ', 8);
	for (size_t i = 0; i < sizeof block; i++)
		sum += (signed char)block[i];
	snprintf((char *)h->chksum, 8, "%06o", sum);
	h->chksum[7] = ' ';
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "checksum");
}

static void non_octal_size_is_rejected(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("root.img", 10);
	h->size[5] = '9';
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "size field");
}

static void garbage_after_octal_digits_is_rejected(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("root.img", 10);
	memcpy(h->size, "12\0x", 4);
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "size field");
}

static void base256_size_is_rejected(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("root.img", 10);
	memset(h->size, 0, sizeof h->size);
	h->size[0] = 0x80;
	h->size[11] = 1;
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "size field");
}

static void empty_size_field_is_rejected(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("root.img", 10);
	memset(h->size, 0, sizeof h->size);
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
}

static void largest_octal_size_is_accepted_and_padded(void)
{
	build("root.img", TAR_SIZE_MAX);
	CHECK_INT(tar_header_parse(block, &m, &err), 0);
	CHECK_INT(m.size, TAR_SIZE_MAX);
	CHECK_INT(tar_padded_size(0), 0);
	CHECK_INT(tar_padded_size(1), 512);
	CHECK_INT(tar_padded_size(512), 512);
	CHECK_INT(tar_padded_size(513), 1024);
	CHECK_INT(tar_padded_size(TAR_SIZE_MAX), TAR_SIZE_MAX + 1);
}

static void size_above_ustar_limit_cannot_be_built(void)
{
	CHECK_INT(tar_header_build(block, "root.img", TAR_SIZE_MAX + 1, 0, &err), -1);
}

static void oversized_mode_is_rejected(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("manifest", 10);
	memcpy(h->mode, "0017777", 8);
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "mode field");
}

static void directory_type_is_rejected(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("manifest", 0);
	h->typeflag[0] = '5';
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "type '5'");
}

static void symlink_and_pax_and_gnu_longname_are_rejected(void)
{
	static const char types[] = { '1', '2', 'x', 'g', 'L', 'K', '7' };
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	for (size_t i = 0; i < sizeof types; i++) {
		build("manifest", 0);
		h->typeflag[0] = (uint8_t)types[i];
		rechecksum();
		CHECK_INT(tar_header_parse(block, &m, &err), -1);
	}
}

static void nul_type_is_a_regular_file(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("manifest", 0);
	h->typeflag[0] = 0;
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), 0);
}

static void link_name_is_rejected(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("manifest", 0);
	memcpy(h->linkname, "x", 1);
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "link name");
}

static void wrong_magic_is_rejected(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("manifest", 0);
	memset(h->magic, 0, 8); /* v7 tar */
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "magic");
}

static void names_with_slash_dotdot_or_leading_dot_are_rejected(void)
{
	static const char *const bad[] = { "a/b", "/etc", "..", "a..b", ".hidden", ".", "a b",
					   "tab\there", "caf\xc3\xa9", "" };
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK(!tar_name_valid(bad[i], strlen(bad[i])));
		build("manifest", 0);
		memset(h->name, 0, sizeof h->name);
		memcpy(h->name, bad[i], strlen(bad[i]));
		rechecksum();
		CHECK_INT(tar_header_parse(block, &m, &err), -1);
	}
	CHECK(tar_name_valid("manifest.minisig", 16));
	CHECK(tar_name_valid("root.img", 8));
}

static void bytes_hidden_after_the_name_nul_are_rejected(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("manifest", 0);
	h->name[50] = 'x';
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "after its NUL");
}

static void name_filling_the_whole_field_is_accepted(void)
{
	char name[TAR_NAME_MAX + 1];

	memset(name, 'a', TAR_NAME_MAX);
	name[TAR_NAME_MAX] = '\0';
	build(name, 1);
	CHECK_INT(tar_header_parse(block, &m, &err), 0);
	CHECK_INT(strlen(m.name), TAR_NAME_MAX);
}

static void prefix_field_is_rejected(void)
{
	struct tar_header_raw *h = (struct tar_header_raw *)block;

	build("manifest", 0);
	memcpy(h->prefix, "dir", 3);
	rechecksum();
	CHECK_INT(tar_header_parse(block, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "prefix");
}

static void zero_block_is_recognised(void)
{
	memset(block, 0, sizeof block);
	CHECK(tar_block_is_zero(block));
	block[511] = 1;
	CHECK(!tar_block_is_zero(block));
}

int main(void)
{
	RUN(built_header_parses_back);
	RUN(header_made_by_gnu_tar_ustar_parses);
	RUN(gnu_magic_is_accepted);
	RUN(bad_checksum_is_rejected);
	RUN(signed_byte_checksum_is_rejected);
	RUN(non_octal_size_is_rejected);
	RUN(garbage_after_octal_digits_is_rejected);
	RUN(base256_size_is_rejected);
	RUN(empty_size_field_is_rejected);
	RUN(largest_octal_size_is_accepted_and_padded);
	RUN(size_above_ustar_limit_cannot_be_built);
	RUN(oversized_mode_is_rejected);
	RUN(directory_type_is_rejected);
	RUN(symlink_and_pax_and_gnu_longname_are_rejected);
	RUN(nul_type_is_a_regular_file);
	RUN(link_name_is_rejected);
	RUN(wrong_magic_is_rejected);
	RUN(names_with_slash_dotdot_or_leading_dot_are_rejected);
	RUN(bytes_hidden_after_the_name_nul_are_rejected);
	RUN(name_filling_the_whole_field_is_accepted);
	RUN(prefix_field_is_rejected);
	RUN(zero_block_is_recognised);
	return check_done();
}
