/* bls_name: Boot Loader Specification counting names, as systemd-boot v252 reads and writes them. */
#include <limits.h>
#include <string.h>

#include "bls_name.h"
#include "check.h"

static struct upd_error err;
static struct bls_name b;

static void trial_name_has_tries_left_and_none_done(void)
{
	CHECK_INT(bls_name_parse("node-b+3.efi", &b, &err), 0);
	CHECK_STR(b.stem, "node-b");
	CHECK_STR(b.suffix, ".efi");
	CHECK_INT(b.counting, 1);
	CHECK_INT(b.left, 3);
	CHECK_INT(b.has_done, 0);
	CHECK_INT(b.done, 0);
}

static void decremented_name_has_tries_done(void)
{
	CHECK_INT(bls_name_parse("node-b+2-1.efi", &b, &err), 0);
	CHECK_STR(b.stem, "node-b");
	CHECK_INT(b.left, 2);
	CHECK_INT(b.has_done, 1);
	CHECK_INT(b.done, 1);
}

static void blessed_name_has_no_counter(void)
{
	CHECK_INT(bls_name_parse("node-a.efi", &b, &err), 0);
	CHECK_STR(b.stem, "node-a");
	CHECK_INT(b.counting, 0);
}

static void type1_conf_entries_parse_too(void)
{
	CHECK_INT(bls_name_parse("appliance_1.1+0-3.conf", &b, &err), 0);
	CHECK_STR(b.stem, "appliance_1.1");
	CHECK_STR(b.suffix, ".conf");
	CHECK_INT(b.left, 0);
	CHECK_INT(b.done, 3);
}

static void the_last_plus_starts_the_counter(void)
{
	CHECK_INT(bls_name_parse("a+b+1-2.efi", &b, &err), 0);
	CHECK_STR(b.stem, "a+b");
	CHECK_INT(b.left, 1);
	CHECK_INT(b.done, 2);
	CHECK_INT(bls_name_parse("n++1.efi", &b, &err), 0);
	CHECK_STR(b.stem, "n+");
	CHECK_INT(b.left, 1);
}

static void zero_padded_counters_keep_their_value(void)
{
	/* the 2025 spec asks implementations to keep the width: +10 -> +09 */
	CHECK_INT(bls_name_parse("n+09-01.efi", &b, &err), 0);
	CHECK_INT(b.left, 9);
	CHECK_INT(b.done, 1);
}

static void int_max_is_the_largest_count(void)
{
	CHECK_INT(bls_name_parse("n+2147483647-2147483647.efi", &b, &err), 0);
	CHECK_INT(b.left, INT_MAX);
	CHECK_INT(b.done, INT_MAX);
	CHECK_INT(bls_name_parse("n+2147483648.efi", &b, &err), -1);
	CHECK_INT(bls_name_parse("n+1-2147483648.efi", &b, &err), -1);
	CHECK_INT(bls_name_parse("n+99999999999999999999.efi", &b, &err), -1);
}

static void garbage_counters_are_rejected(void)
{
	static const char *const bad[] = {
		"n+.efi", "n+-1.efi", "n+1-.efi", "n+1-2-3.efi", "n+a.efi", "n+1a.efi",
		"n+ 1.efi", "n+1 .efi", "n+0x1.efi", "n+1--1.efi", "n+1+.efi",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_INT(bls_name_parse(bad[i], &b, &err), -1);
		CHECK_CONTAINS(err.msg, "counter");
	}
}

static void bad_stems_and_suffixes_are_rejected(void)
{
	static const char *const bad[] = {
		"+3.efi", ".efi", "efi", "node+3", "node+3.EFI", "node+3.efi.bak", "dir/node+3.efi",
		"a\\b.efi", "a b.efi", "a\tb+1.efi", "",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK_INT(bls_name_parse(bad[i], &b, &err), -1);
}

static void over_long_names_are_rejected(void)
{
	char name[BLS_NAME_MAX + 8];

	memset(name, 'a', BLS_NAME_MAX - 4);
	memcpy(name + BLS_NAME_MAX - 4, ".efi", 5);
	CHECK_INT(bls_name_parse(name, &b, &err), 0);
	memset(name, 'a', BLS_NAME_MAX);
	memcpy(name + BLS_NAME_MAX, ".efi", 5);
	CHECK_INT(bls_name_parse(name, &b, &err), -1);
}

static void formatting_matches_systemd_boot_renames(void)
{
	/* foo+3.efi -> foo+2-1.efi -> ... -> foo+0-3.efi, then blessed foo.efi */
	char out[BLS_NAME_MAX + 1];

	CHECK_INT(bls_name_parse("foo+3.efi", &b, &err), 0);
	CHECK_INT(bls_name_format(&b, out, sizeof out, &err), 0);
	CHECK_STR(out, "foo+3.efi");
	b.left = 2;
	b.done = 1;
	b.has_done = 1;
	CHECK_INT(bls_name_format(&b, out, sizeof out, &err), 0);
	CHECK_STR(out, "foo+2-1.efi");
	b.left = 0;
	b.done = 3;
	CHECK_INT(bls_name_format(&b, out, sizeof out, &err), 0);
	CHECK_STR(out, "foo+0-3.efi");
	b.counting = 0;
	CHECK_INT(bls_name_format(&b, out, sizeof out, &err), 0);
	CHECK_STR(out, "foo.efi");
}

static void formatting_refuses_what_parsing_would(void)
{
	char out[16];

	CHECK_INT(bls_name_parse("foo+3.efi", &b, &err), 0);
	CHECK_INT(bls_name_format(&b, out, 5, &err), -1);
	b.left = -1;
	CHECK_INT(bls_name_format(&b, out, sizeof out, &err), -1);
	b.left = 1;
	strcpy(b.stem, "a/b");
	CHECK_INT(bls_name_format(&b, out, sizeof out, &err), -1);
}

int main(void)
{
	RUN(trial_name_has_tries_left_and_none_done);
	RUN(decremented_name_has_tries_done);
	RUN(blessed_name_has_no_counter);
	RUN(type1_conf_entries_parse_too);
	RUN(the_last_plus_starts_the_counter);
	RUN(zero_padded_counters_keep_their_value);
	RUN(int_max_is_the_largest_count);
	RUN(garbage_counters_are_rejected);
	RUN(bad_stems_and_suffixes_are_rejected);
	RUN(over_long_names_are_rejected);
	RUN(formatting_matches_systemd_boot_renames);
	RUN(formatting_refuses_what_parsing_would);
	return check_done();
}
