/* The firmware's boot variables as provision reads and writes them through efivarfs: BootOrder
 * parsed from untrusted bytes (short and odd lengths refused), ours put first with everything
 * else kept, the Boot#### number chosen (ours again, an earlier provision's, else the first
 * free one), and the whole step on a directory standing in for efivarfs. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot_entry.h"
#include "boot_vars.h"
#include "check.h"
#include "efivar.h"

#define GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"

static struct upd_error err;
static struct boot_order in, out;
static struct boot_scan scan;
static struct boot_entry_result res;
static char root[] = "/tmp/test_boot_entry.XXXXXX";
static char dir[64];

static void die(const char *what)
{
	fprintf(stderr, "test_boot_entry: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* --- BootOrder ------------------------------------------------------------------------------ */

static void boot_order_is_attributes_then_little_endian_numbers(void)
{
	static const uint8_t b[] = { 7, 0, 0, 0, 0x03, 0x00, 0x01, 0x00, 0x34, 0x12 };

	CHECK_INT(boot_order_parse(b, sizeof b, &in, &err), 0);
	CHECK_INT(in.n, 3);
	CHECK_INT(in.num[0], 3);
	CHECK_INT(in.num[1], 1);
	CHECK_INT(in.num[2], 0x1234);
}

static void an_empty_boot_order_is_no_entries(void)
{
	static const uint8_t b[] = { 7, 0, 0, 0 };

	CHECK_INT(boot_order_parse(b, sizeof b, &in, &err), 0);
	CHECK_INT(in.n, 0);
}

static void a_boot_order_shorter_than_its_attributes_is_refused(void)
{
	static const uint8_t b[] = { 7, 0, 0, 0 };
	size_t n;

	for (n = 0; n < 4; n++)
		if (boot_order_parse(b, n, &in, &err) != -1) {
			snprintf(check_why, sizeof check_why, "%zu bytes accepted", n);
			return;
		}
	CHECK_CONTAINS(err.msg, "less than its attribute word");
}

static void a_boot_order_with_half_an_entry_is_refused(void)
{
	static const uint8_t b[] = { 7, 0, 0, 0, 1, 0, 2 };

	CHECK_INT(boot_order_parse(b, 5, &in, &err), -1);
	CHECK_CONTAINS(err.msg, "2-byte entries");
	CHECK_INT(boot_order_parse(b, 7, &in, &err), -1);
	CHECK_INT(in.n, 0);
}

static void a_boot_order_longer_than_we_read_is_refused(void)
{
	static uint8_t b[4 + 2 * (BOOT_ORDER_MAX + 1)];

	CHECK_INT(boot_order_parse(b, 4 + 2 * BOOT_ORDER_MAX, &in, &err), 0);
	CHECK_INT(in.n, BOOT_ORDER_MAX);
	CHECK_INT(boot_order_parse(b, sizeof b, &in, &err), -1);
	CHECK_CONTAINS(err.msg, "entries");
}

static void order(struct boot_order *o, unsigned n, const uint16_t *num)
{
	o->n = n;
	memcpy(o->num, num, n * sizeof num[0]);
}

static void ours_goes_first_and_every_other_entry_follows_in_order(void)
{
	static const uint16_t b[] = { 1, 0, 7 };

	order(&in, 3, b);
	CHECK_INT(boot_order_put_first(&in, 3, &out), 1);
	CHECK_INT(out.n, 4);
	CHECK(out.num[0] == 3 && out.num[1] == 1 && out.num[2] == 0 && out.num[3] == 7);
}

static void ours_further_down_moves_up_and_its_copies_go(void)
{
	static const uint16_t b[] = { 1, 3, 0, 3, 1 };

	order(&in, 5, b);
	CHECK_INT(boot_order_put_first(&in, 3, &out), 1);
	/* only our duplicates are dropped: the firmware's own order is not ours to tidy */
	CHECK_INT(out.n, 4);
	CHECK(out.num[0] == 3 && out.num[1] == 1 && out.num[2] == 0 && out.num[3] == 1);
}

static void an_order_that_already_starts_with_ours_is_unchanged(void)
{
	static const uint16_t b[] = { 3, 1, 0 };

	order(&in, 3, b);
	CHECK_INT(boot_order_put_first(&in, 3, &out), 0);
	CHECK_INT(out.n, 3);
	order(&in, 0, b);
	CHECK_INT(boot_order_put_first(&in, 3, &out), 1);
	CHECK_INT(out.n, 1);
	CHECK_INT(out.num[0], 3);
}

static void a_full_order_still_takes_ours(void)
{
	unsigned i;

	in.n = BOOT_ORDER_MAX;
	for (i = 0; i < in.n; i++)
		in.num[i] = (uint16_t)(i + 1);
	CHECK_INT(boot_order_put_first(&in, 0, &out), 1);
	CHECK_INT(out.n, BOOT_ORDER_MAX + 1);
	CHECK_INT(out.num[0], 0);
	CHECK_INT(out.num[BOOT_ORDER_MAX], BOOT_ORDER_MAX);
}

/* --- names and numbers ------------------------------------------------------------------- */

static void boot_variable_names_give_their_number(void)
{
	char name[BOOT_VAR_FILE_MAX];

	CHECK_INT(boot_var_number("Boot0003-" GUID), 3);
	CHECK_INT(boot_var_number("BootFFFF-" GUID), 0xffff);
	CHECK_INT(boot_var_number("Boot00A0-" GUID), 0xa0);
	boot_var_name(0x00a0, name);
	CHECK_STR(name, "Boot00A0-" GUID);
}

static void other_names_are_not_boot_entries(void)
{
	CHECK_INT(boot_var_number("BootOrder-" GUID), -1);
	CHECK_INT(boot_var_number("BootNext-" GUID), -1);
	CHECK_INT(boot_var_number("Boot00a0-" GUID), -1);   /* the spec's digits are upper case */
	CHECK_INT(boot_var_number("Boot0003-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"), -1);
	CHECK_INT(boot_var_number("Boot0003"), -1);
	CHECK_INT(boot_var_number("Boot000"), -1);
	CHECK_INT(boot_var_number("Boot00031-" GUID), -1);
	CHECK_INT(boot_var_number("Boot0003-" GUID "x"), -1);
	CHECK_INT(boot_var_number("Driver0003-" GUID), -1);
	CHECK_INT(boot_var_number(""), -1);
}

static void the_first_free_number_is_taken(void)
{
	enum load_option_kin kin;

	boot_scan_init(&scan);
	CHECK_INT(boot_scan_pick(&scan, &kin), 0);
	CHECK_INT(kin, LOAD_OPTION_OTHER);
	boot_scan_add(&scan, 0, LOAD_OPTION_OTHER);
	boot_scan_add(&scan, 1, LOAD_OPTION_OTHER);
	boot_scan_add(&scan, 3, LOAD_OPTION_OTHER);
	CHECK_INT(boot_scan_pick(&scan, &kin), 2);
}

static void our_own_entry_is_reused_before_an_earlier_provisions(void)
{
	enum load_option_kin kin;

	boot_scan_init(&scan);
	boot_scan_add(&scan, 9, LOAD_OPTION_SAME_BUT_GUID);
	boot_scan_add(&scan, 5, LOAD_OPTION_SAME_BUT_GUID);
	CHECK_INT(boot_scan_pick(&scan, &kin), 5);
	CHECK_INT(kin, LOAD_OPTION_SAME_BUT_GUID);
	boot_scan_add(&scan, 12, LOAD_OPTION_SAME_PATH);
	boot_scan_add(&scan, 11, LOAD_OPTION_SAME_PATH);
	CHECK_INT(boot_scan_pick(&scan, &kin), 11);
	CHECK_INT(kin, LOAD_OPTION_SAME_PATH);
}

static void no_number_is_left_when_all_are_taken(void)
{
	enum load_option_kin kin;
	unsigned i;

	boot_scan_init(&scan);
	for (i = 0; i < BOOT_OPTIONS; i++)
		boot_scan_add(&scan, (uint16_t)i, LOAD_OPTION_OTHER);
	CHECK_INT(boot_scan_pick(&scan, &kin), -1);
}

/* --- the step on a directory ----------------------------------------------------------------- */

static uint8_t opt[LOAD_OPTION_BUILD_MAX], opt2[LOAD_OPTION_BUILD_MAX];
static size_t opt_len, opt2_len;

static void put(const char *name, const uint8_t *b, size_t n)
{
	char path[256];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, b, n) != (ssize_t)n || close(fd) < 0)
		die(path);
}

/* attributes 7 + data, as efivarfs shows a variable */
static void put_var(const char *name, const uint8_t *data, size_t n)
{
	uint8_t b[4 + LOAD_OPTION_BUILD_MAX] = { 7, 0, 0, 0 };

	memcpy(b + 4, data, n);
	put(name, b, 4 + n);
}

static size_t got(const char *name, uint8_t *b, size_t cap)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, b, cap);
	(void)close(fd);
	return n > 0 ? (size_t)n : 0;
}

/* the file holds 7 0 0 0 and then exactly data */
static int holds(const char *name, const uint8_t *data, size_t n)
{
	uint8_t b[4096];

	return got(name, b, sizeof b) == 4 + n && memcmp(b, "\x07\0\0\0", 4) == 0 &&
	       memcmp(b + 4, data, n) == 0;
}

static void fresh(void)
{
	static unsigned k;
	struct hd_partition p = { 1, 2048, 262144, { 0x11, 0x22 } };

	snprintf(dir, sizeof dir, "%s/%u", root, ++k);
	if (mkdir(dir, 0755) < 0)
		die(dir);
	if (load_option_build(&p, "Node (vda)", "\\EFI\\BOOT\\BOOTX64.EFI", opt, sizeof opt,
			      &opt_len, &err) < 0)
		die("build");
	p.guid[0] = 0x99;    /* the same disk, provisioned before */
	if (load_option_build(&p, "Node (vda)", "\\EFI\\BOOT\\BOOTX64.EFI", opt2, sizeof opt2,
			      &opt2_len, &err) < 0)
		die("build");
}

static const uint8_t firmware_entry[] = {
	/* somebody's entry: ACTIVE, "PXE", an end node alone */
	1, 0, 0, 0, 4, 0, 'P', 0, 'X', 0, 'E', 0, 0, 0, 0x7f, 0xff, 4, 0,
};

static void on_empty_nvram_ours_is_boot0000_alone_and_next(void)
{
	fresh();
	CHECK_INT(boot_entry_first(dir, opt, opt_len, &res, &err), 0);
	CHECK_INT(res.num, 0);
	CHECK_INT(res.kin, LOAD_OPTION_OTHER);
	CHECK_INT(res.done, BOOT_ENTRY_ALL);
	CHECK(holds("Boot0000-" GUID, opt, opt_len));
	CHECK(holds("BootOrder-" GUID, (const uint8_t *)"\0\0", 2));
	CHECK(holds("BootNext-" GUID, (const uint8_t *)"\0\0", 2));
}

static void ours_takes_the_first_free_number_and_goes_in_front(void)
{
	static const uint8_t order3[] = { 0x01, 0, 0x00, 0, 0x05, 0 };
	static const uint8_t want[] = { 0x02, 0, 0x01, 0, 0x00, 0, 0x05, 0 };

	fresh();
	put_var("Boot0000-" GUID, firmware_entry, sizeof firmware_entry);
	put_var("Boot0001-" GUID, firmware_entry, sizeof firmware_entry);
	put_var("Boot0005-" GUID, firmware_entry, sizeof firmware_entry);
	put("Boot0002-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f", firmware_entry, 4);  /* another GUID */
	put_var("BootOrder-" GUID, order3, sizeof order3);
	CHECK_INT(boot_entry_first(dir, opt, opt_len, &res, &err), 0);
	CHECK_INT(res.num, 2);
	CHECK(res.entry_written && res.order_written);
	CHECK(holds("Boot0002-" GUID, opt, opt_len));
	CHECK(holds("BootOrder-" GUID, want, sizeof want));
	CHECK(holds("BootNext-" GUID, (const uint8_t *)"\x02\0", 2));
	CHECK(holds("Boot0001-" GUID, firmware_entry, sizeof firmware_entry));
}

static void running_again_writes_only_boot_next(void)
{
	static const uint8_t want[] = { 0x02, 0, 0x01, 0, 0x00, 0 };

	fresh();
	put_var("Boot0000-" GUID, firmware_entry, sizeof firmware_entry);
	put_var("Boot0001-" GUID, firmware_entry, sizeof firmware_entry);
	put_var("BootOrder-" GUID, (const uint8_t *)"\x01\0\0\0", 4);
	CHECK_INT(boot_entry_first(dir, opt, opt_len, &res, &err), 0);
	CHECK_INT(res.num, 2);
	CHECK_INT(boot_entry_first(dir, opt, opt_len, &res, &err), 0);
	CHECK_INT(res.num, 2);
	CHECK_INT(res.kin, LOAD_OPTION_SAME_PATH);
	CHECK_INT(res.entry_written, 0);
	CHECK_INT(res.order_written, 0);
	CHECK(holds("BootOrder-" GUID, want, sizeof want));
}

static void a_reprovision_replaces_the_earlier_entry_of_that_disk(void)
{
	static const uint8_t order2[] = { 0x00, 0, 0x03, 0 };
	static const uint8_t want[] = { 0x03, 0, 0x00, 0 };

	fresh();
	put_var("Boot0000-" GUID, firmware_entry, sizeof firmware_entry);
	put_var("Boot0003-" GUID, opt2, opt2_len);
	put_var("BootOrder-" GUID, order2, sizeof order2);
	CHECK_INT(boot_entry_first(dir, opt, opt_len, &res, &err), 0);
	CHECK_INT(res.num, 3);
	CHECK_INT(res.kin, LOAD_OPTION_SAME_BUT_GUID);
	CHECK(holds("Boot0003-" GUID, opt, opt_len));
	CHECK(holds("BootOrder-" GUID, want, sizeof want));
	CHECK_INT(got("Boot0001-" GUID, (uint8_t[8]){ 0 }, 8), 0);
}

static void unreadable_entries_keep_their_numbers(void)
{
	fresh();
	put("Boot0000-" GUID, (const uint8_t *)"\x07\0", 2);             /* short */
	put_var("Boot0001-" GUID, (const uint8_t *)"\x01\0\0\0\xff\xff\0\0", 8);   /* bad */
	CHECK_INT(boot_entry_first(dir, opt, opt_len, &res, &err), 0);
	CHECK_INT(res.num, 2);
	CHECK(holds("BootOrder-" GUID, (const uint8_t *)"\x02\0", 2));
}

static void a_malformed_boot_order_stops_before_any_write(void)
{
	uint8_t b[16];

	fresh();
	put("BootOrder-" GUID, (const uint8_t *)"\x07\0\0\0\x01\0\x02", 7);
	CHECK_INT(boot_entry_first(dir, opt, opt_len, &res, &err), -1);
	CHECK_CONTAINS(err.msg, "BootOrder");
	CHECK_INT(res.done, BOOT_ENTRY_NOTHING);
	CHECK_INT(got("Boot0000-" GUID, b, sizeof b), 0);
	CHECK_INT(got("BootNext-" GUID, b, sizeof b), 0);
	CHECK_INT(got("BootOrder-" GUID, b, sizeof b), 7);
}

static void a_missing_directory_is_an_error_naming_it(void)
{
	CHECK_INT(boot_entry_first("/nonexistent/efivars", opt, opt_len, &res, &err), -1);
	CHECK_CONTAINS(err.msg, "/nonexistent/efivars");
	CHECK_INT(res.done, BOOT_ENTRY_NOTHING);
}

static void a_variable_is_rewritten_whole(void)
{
	static uint8_t b[EFIVAR_WRITE_MAX + 1];

	fresh();
	put("BootNext-" GUID, (const uint8_t *)"\x07\0\0\0\x01\0\x02\0\x03\0", 10);
	CHECK_INT(efivar_write(dir, "BootNext-" GUID, 7, (const uint8_t *)"\x05\0", 2, &err), 0);
	CHECK_INT(got("BootNext-" GUID, b, sizeof b), 6);
	CHECK(memcmp(b, "\x07\0\0\0\x05\0", 6) == 0);
	CHECK_INT(efivar_write(dir, "x", 7, b, EFIVAR_WRITE_MAX + 1, &err), -1);
}

int main(void)
{
	char cmd[128];

	if (mkdtemp(root) == NULL)
		die("mkdtemp");
	RUN(boot_order_is_attributes_then_little_endian_numbers);
	RUN(an_empty_boot_order_is_no_entries);
	RUN(a_boot_order_shorter_than_its_attributes_is_refused);
	RUN(a_boot_order_with_half_an_entry_is_refused);
	RUN(a_boot_order_longer_than_we_read_is_refused);
	RUN(ours_goes_first_and_every_other_entry_follows_in_order);
	RUN(ours_further_down_moves_up_and_its_copies_go);
	RUN(an_order_that_already_starts_with_ours_is_unchanged);
	RUN(a_full_order_still_takes_ours);
	RUN(boot_variable_names_give_their_number);
	RUN(other_names_are_not_boot_entries);
	RUN(the_first_free_number_is_taken);
	RUN(our_own_entry_is_reused_before_an_earlier_provisions);
	RUN(no_number_is_left_when_all_are_taken);
	RUN(on_empty_nvram_ours_is_boot0000_alone_and_next);
	RUN(ours_takes_the_first_free_number_and_goes_in_front);
	RUN(running_again_writes_only_boot_next);
	RUN(a_reprovision_replaces_the_earlier_entry_of_that_disk);
	RUN(unreadable_entries_keep_their_numbers);
	RUN(a_malformed_boot_order_stops_before_any_write);
	RUN(a_missing_directory_is_an_error_naming_it);
	RUN(a_variable_is_rewritten_whole);
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	if (system(cmd) != 0)
		die(cmd);
	return check_done();
}
