/* manifest: the signed text is read strictly, line by line, key by key. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "manifest.h"

#define H1 "1111111111111111111111111111111111111111111111111111111111111111"
#define H2 "2222222222222222222222222222222222222222222222222222222222222222"
#define H3 "3333333333333333333333333333333333333333333333333333333333333333"
#define H4 "abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdef0123"
#define L1 "format 1\n"
#define L2 "product node\n"
#define L3 "version 2.0.0\n"
#define L4 "min-version 1.0.0\n"
#define L5 "payload root.img size 311296 sha256 " H1 " verity-root " H2 " verity-salt " H3 \
	   " data-blocks 74 hash-blocks 2\n"
#define L6 "payload uki.efi size 100000 sha256 " H4 "\n"
#define GOOD L1 L2 L3 L4 L5 L6

static struct manifest m;
static struct upd_error err;
static char text[MANIFEST_MAX_BYTES * 2];

static int parse(const char *s)
{
	return manifest_parse(s, strlen(s), &m, &err);
}

/* GOOD with the first occurrence of from replaced by to. */
static const char *edit(const char *from, const char *to)
{
	const char *at = strstr(GOOD, from);

	if (at == NULL)
		return "";
	snprintf(text, sizeof text, "%.*s%s%s", (int)(at - GOOD), GOOD, to, at + strlen(from));
	return text;
}

static void reference_manifest_parses(void)
{
	CHECK_INT(parse(GOOD), 0);
	CHECK_INT(m.format, 1);
	CHECK_STR(m.product, "node");
	CHECK_INT(m.version.major, 2);
	CHECK_INT(m.min_version.major, 1);
	CHECK_STR(m.payload[MANIFEST_ROOT].name, "root.img");
	CHECK_INT(m.payload[MANIFEST_ROOT].size, 311296);
	CHECK_INT(m.payload[MANIFEST_ROOT].sha256[0], 0x11);
	CHECK_INT(m.verity_root[31], 0x22);
	CHECK_INT(m.verity_salt[0], 0x33);
	CHECK_INT(m.data_blocks, 74);
	CHECK_INT(m.hash_blocks, 2);
	CHECK_STR(m.payload[MANIFEST_UKI].name, "uki.efi");
	CHECK_INT(m.payload[MANIFEST_UKI].size, 100000);
	CHECK_INT(m.payload[MANIFEST_UKI].sha256[31], 0x23);
}

static void formatting_gives_back_the_same_text(void)
{
	char out[MANIFEST_MAX_BYTES + 1];
	size_t len;

	CHECK_INT(parse(GOOD), 0);
	CHECK_INT(manifest_format(&m, out, sizeof out, &len, &err), 0);
	CHECK_INT(len, strlen(GOOD));
	CHECK_STR(out, GOOD);
}

static void keys_out_of_order_are_rejected(void)
{
	CHECK_INT(parse(L1 L3 L2 L4 L5 L6), -1);
	CHECK_CONTAINS(err.msg, "line 2: expected key \"product\"");
	CHECK_INT(parse(L1 L2 L3 L4 L6 L5), -1);
	CHECK_CONTAINS(err.msg, "line 5");
}

static void duplicate_key_is_rejected(void)
{
	CHECK_INT(parse(L1 L2 L2 L3 L4 L5 L6), -1);
	CHECK_CONTAINS(err.msg, "line 3: expected key \"version\", found \"product\"");
	CHECK_INT(parse(GOOD L6), -1);
	CHECK_CONTAINS(err.msg, "line 7");
}

static void missing_lines_are_rejected(void)
{
	CHECK_INT(parse(L1 L2 L3 L4 L5), -1);
	CHECK_CONTAINS(err.msg, "ends after line 5");
	CHECK_INT(parse(L1 L2 L4 L5 L6), -1);
	CHECK_INT(parse(""), -1);
}

static void unknown_key_is_rejected(void)
{
	CHECK_INT(parse(L1 L2 L3 L4 "channel stable\n" L5 L6), -1);
	CHECK_CONTAINS(err.msg, "line 5");
}

static void crlf_and_missing_final_newline_are_rejected(void)
{
	CHECK_INT(parse(edit("product node\n", "product node\r\n")), -1);
	CHECK_CONTAINS(err.msg, "not printable");
	CHECK_INT(manifest_parse(GOOD, strlen(GOOD) - 1, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "line feed");
}

static void spacing_must_be_single(void)
{
	CHECK_INT(parse(edit("product node", "product  node")), -1);
	CHECK_CONTAINS(err.msg, "space");
	CHECK_INT(parse(edit("product node", "product node ")), -1);
	CHECK_INT(parse(edit("product node", " product node")), -1);
	CHECK_INT(parse(edit("product node", "product\tnode")), -1);
	CHECK_INT(parse(L1 "\n" L2 L3 L4 L5 L6), -1);
	CHECK_CONTAINS(err.msg, "empty line");
}

static void non_ascii_and_nul_are_rejected(void)
{
	CHECK_INT(parse(edit("product node", "product n\xc3\xb6" "de")), -1);
	CHECK_INT(manifest_parse(L1 "product no\0de\n" L3 L4 L5 L6, strlen(GOOD), &m, &err), -1);
	CHECK_CONTAINS(err.msg, "0x00");
}

static void other_format_is_rejected(void)
{
	CHECK_INT(parse(edit("format 1", "format 2")), -1);
	CHECK_CONTAINS(err.msg, "format \"2\" is not supported");
	CHECK_INT(parse(edit("format 1", "format 01")), -1);
}

static void bad_product_names_are_rejected(void)
{
	CHECK_INT(parse(edit("product node", "product Node")), -1);
	CHECK_INT(parse(edit("product node", "product a/b")), -1);
	CHECK_INT(parse(edit("product node", "product 012345678901234567890123456789012")), -1);
	CHECK_INT(parse(edit("product node", "product 01234567890123456789012345678901")), 0);
	CHECK_INT(parse(edit("product node", "product")), -1);
	CHECK_CONTAINS(err.msg, "exactly one value");
	CHECK_INT(parse(edit("product node", "product node extra")), -1);
}

static void bad_versions_are_rejected(void)
{
	CHECK_INT(parse(edit("version 2.0.0", "version 2.0")), -1);
	CHECK_CONTAINS(err.msg, "line 3");
	CHECK_INT(parse(edit("min-version 1.0.0", "min-version 1.0.0.1")), -1);
	CHECK_CONTAINS(err.msg, "line 4");
}

static void min_version_above_version_is_rejected(void)
{
	CHECK_INT(parse(edit("min-version 1.0.0", "min-version 2.0.1")), -1);
	CHECK_CONTAINS(err.msg, "min-version is newer than version");
	CHECK_INT(parse(edit("min-version 1.0.0", "min-version 2.0.0")), 0);
}

static void uppercase_or_short_hex_is_rejected(void)
{
	CHECK_INT(parse(edit("sha256 " H4, "sha256 ABCDEFabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdef0123")), -1);
	CHECK_CONTAINS(err.msg, "64 lowercase hex");
	CHECK_INT(parse(edit("verity-root " H2, "verity-root 22")), -1);
	CHECK_INT(parse(edit("verity-salt " H3, "verity-salt " H3 "33")), -1);
}

static void numbers_with_leading_zero_or_sign_are_rejected(void)
{
	CHECK_INT(parse(edit("size 100000", "size 0100000")), -1);
	CHECK_INT(parse(edit("size 100000", "size +100000")), -1);
	CHECK_INT(parse(edit("size 100000", "size -1")), -1);
	CHECK_INT(parse(edit("size 100000", "size 0")), -1);
	CHECK_CONTAINS(err.msg, "uki.efi size is 0");
	CHECK_INT(parse(edit("size 100000", "size 99999999999999999999999")), -1);
}

static void sizes_beyond_ustar_are_rejected(void)
{
	CHECK_INT(parse(edit("size 100000", "size 8589934591")), 0);
	CHECK_INT(parse(edit("size 100000", "size 8589934592")), -1);
}

static void root_size_must_match_its_blocks(void)
{
	CHECK_INT(parse(edit("size 311296", "size 311297")), -1);
	CHECK_CONTAINS(err.msg, "is not (data-blocks 74 + hash-blocks 2) * 4096");
	CHECK_INT(parse(edit("data-blocks 74", "data-blocks 75")), -1);
	CHECK_INT(parse(edit("hash-blocks 2", "hash-blocks 0")), -1);
}

static void payload_fields_must_be_in_order(void)
{
	CHECK_INT(parse(edit("sha256 " H1 " verity-root " H2, "verity-root " H2 " sha256 " H1)), -1);
	CHECK_CONTAINS(err.msg, "expected \"sha256\"");
	CHECK_INT(parse(edit("payload uki.efi", "payload kernel.efi")), -1);
	CHECK_CONTAINS(err.msg, "expected payload \"uki.efi\"");
	CHECK_INT(parse(edit("hash-blocks 2\n", "hash-blocks 2 extra 1\n")), -1);
}

static void oversized_manifest_is_rejected(void)
{
	char big[MANIFEST_MAX_BYTES + 2];

	memset(big, 'a', sizeof big);
	CHECK_INT(manifest_parse(big, sizeof big, &m, &err), -1);
	CHECK_CONTAINS(err.msg, "more than the 4096 allowed");
}

static void too_many_fields_do_not_overflow(void)
{
	char line[1024] = "payload root.img";

	for (int i = 0; i < 40; i++)
		strcat(line, " x");
	snprintf(text, sizeof text, L1 L2 L3 L4 "%s\n" L6, line);
	CHECK_INT(parse(text), -1);
	CHECK_CONTAINS(err.msg, "more than 14 fields");
}

int main(void)
{
	RUN(reference_manifest_parses);
	RUN(formatting_gives_back_the_same_text);
	RUN(keys_out_of_order_are_rejected);
	RUN(duplicate_key_is_rejected);
	RUN(missing_lines_are_rejected);
	RUN(unknown_key_is_rejected);
	RUN(crlf_and_missing_final_newline_are_rejected);
	RUN(spacing_must_be_single);
	RUN(non_ascii_and_nul_are_rejected);
	RUN(other_format_is_rejected);
	RUN(bad_product_names_are_rejected);
	RUN(bad_versions_are_rejected);
	RUN(min_version_above_version_is_rejected);
	RUN(uppercase_or_short_hex_is_rejected);
	RUN(numbers_with_leading_zero_or_sign_are_rejected);
	RUN(sizes_beyond_ustar_are_rejected);
	RUN(root_size_must_match_its_blocks);
	RUN(payload_fields_must_be_in_order);
	RUN(oversized_manifest_is_rejected);
	RUN(too_many_fields_do_not_overflow);
	return check_done();
}
