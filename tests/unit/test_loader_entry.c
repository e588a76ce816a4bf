#include <stdint.h>

#include "boot_slot.h"
#include "check.h"
#include "efivar_string.h"
#include "loader_entry.h"

#define ATTR_VOLATILE 0x00000006u	/* BOOTSERVICE_ACCESS | RUNTIME_ACCESS: what systemd-boot sets */

static unsigned char var[2 * EFIVAR_FILE_MAX];
static char out[EFIVAR_STRING_MAX + 1];
static char err[512];
static struct loader_entry e;

/* The efivarfs bytes of a string variable: attributes, UTF-16LE of s, then a NUL if nul. */
static size_t make_var(uint32_t attr, const char *s, int nul)
{
	size_t n = 0, i;

	var[n++] = (unsigned char)attr;
	var[n++] = (unsigned char)(attr >> 8);
	var[n++] = (unsigned char)(attr >> 16);
	var[n++] = (unsigned char)(attr >> 24);
	for (i = 0; s[i] != '\0'; i++) {
		var[n++] = (unsigned char)s[i];
		var[n++] = 0;
	}
	if (nul) {
		var[n++] = 0;
		var[n++] = 0;
	}
	return n;
}

static int decode(size_t len)
{
	err[0] = '\0';
	return efivar_string_decode(var, len, out, sizeof out, err, sizeof err);
}

static int entry(const char *name)
{
	err[0] = '\0';
	return loader_entry_parse(name, &e, err, sizeof err);
}

/* The whole way from efivarfs bytes to a slot, as stage 1 does it. */
static int slot_of_var(const char *name, char *slot)
{
	*slot = 0;
	if (decode(make_var(ATTR_VOLATILE, name, 1)) != 0 || entry(out) != 0)
		return -1;
	*slot = e.slot;
	return 0;
}

static void variable_as_systemd_boot_writes_it_decodes(void)
{
	CHECK_INT(decode(make_var(ATTR_VOLATILE, "node-b+2-1.efi", 1)), 0);
	CHECK_STR(out, "node-b+2-1.efi");
	CHECK_INT(decode(make_var(ATTR_VOLATILE, "\\EFI\\Linux\\node-a+2-1.efi", 1)), 0);
	CHECK_STR(out, "\\EFI\\Linux\\node-a+2-1.efi");
}

static void entry_names_give_their_slot_with_and_without_counters(void)
{
	char slot;

	CHECK_INT(slot_of_var("node-a.efi", &slot), 0);
	CHECK_INT(slot, 'a');
	CHECK_INT(e.counting, 0);
	CHECK_INT(slot_of_var("node-b.efi", &slot), 0);
	CHECK_INT(slot, 'b');
	CHECK_INT(e.counting, 0);
	CHECK_INT(slot_of_var("node-b+3.efi", &slot), 0);
	CHECK_INT(slot, 'b');
	CHECK_INT(e.counting, 1);
	CHECK_INT(slot_of_var("node-b+2-1.efi", &slot), 0);
	CHECK_INT(slot, 'b');
	CHECK_INT(e.counting, 1);
	CHECK_INT(slot_of_var("node-a+0-3.efi", &slot), 0);
	CHECK_INT(slot, 'a');
	CHECK_INT(e.counting, 1);
	CHECK_INT(slot_of_var("node-a+09-00.efi", &slot), 0);	/* fixed-width counters (newer spec) */
	CHECK_INT(slot, 'a');
	CHECK_INT(slot_of_var("node-b+2147483647-2147483647.efi", &slot), 0);
	CHECK_INT(slot, 'b');
}

static void wrong_slot_letter_or_prefix_is_rejected(void)
{
	CHECK_INT(entry("node-c.efi"), -1);
	CHECK_CONTAINS(err, "'node-c.efi'");
	CHECK_CONTAINS(err, "no slot a or b");
	CHECK_INT(entry("node-A.efi"), -1);	/* systemd-boot lowercases ids: this never comes */
	CHECK_INT(entry("nodex-a.efi"), -1);
	CHECK_INT(entry("appliance_1.1+3.efi"), -1);
	CHECK_CONTAINS(err, "does not start with 'node-'");
	CHECK_INT(entry("auto-windows"), -1);
	CHECK_INT(entry("node-.efi"), -1);
	CHECK_INT(entry("node-"), -1);
	CHECK_INT(entry(""), -1);
	CHECK_INT(e.slot, 0);
}

static void malformed_counters_are_rejected(void)
{
	CHECK_INT(entry("node-a+x.efi"), -1);
	CHECK_CONTAINS(err, "malformed boot counter");
	CHECK_INT(entry("node-a+.efi"), -1);
	CHECK_INT(entry("node-a+3-.efi"), -1);
	CHECK_INT(entry("node-a+-1.efi"), -1);
	CHECK_INT(entry("node-a+3-1-1.efi"), -1);
	CHECK_INT(entry("node-a+3+1.efi"), -1);
	CHECK_INT(entry("node-b+2147483648.efi"), -1);		/* above INT_MAX */
	CHECK_INT(entry("node-b+00000000001.efi"), -1);		/* 11 digits */
	CHECK_INT(e.slot, 0);
}

static void missing_or_wrong_suffix_is_rejected(void)
{
	CHECK_INT(entry("node-a"), -1);
	CHECK_CONTAINS(err, "does not end in '.efi'");
	CHECK_INT(entry("node-b+3"), -1);
	CHECK_INT(entry("node-b+3-1"), -1);
	CHECK_INT(entry("node-a.conf"), -1);
	CHECK_INT(entry("node-a.EFI"), -1);
	CHECK_INT(entry("node-a.efi.bak"), -1);
	CHECK_INT(entry("node-ab.efi"), -1);
	CHECK_INT(entry("node-a_1.efi"), -1);
	CHECK_INT(entry("node-a.efi "), -1);
}

static void overlong_entry_name_is_rejected(void)
{
	char name[64];

	CHECK_INT(entry("node-a+0000000001-0000000001.efi"), 0);	/* the longest: 32 */
	memset(name, '0', sizeof name);
	memcpy(name, "node-a+", 7);
	memcpy(name + 40, ".efi", 5);
	CHECK_INT(entry(name), -1);
	CHECK_CONTAINS(err, "longer than 32");
}

static void odd_byte_count_is_rejected(void)
{
	size_t n = make_var(ATTR_VOLATILE, "node-a.efi", 1);

	CHECK_INT(decode(n - 1), -1);
	CHECK_CONTAINS(err, "odd");
	CHECK_INT(decode(n + 1), -1);
	CHECK_CONTAINS(err, "odd");
}

static void missing_nul_is_rejected(void)
{
	CHECK_INT(decode(make_var(ATTR_VOLATILE, "node-a.efi", 0)), -1);
	CHECK_CONTAINS(err, "not NUL-terminated");
	CHECK_STR(out, "");
}

static void nul_inside_or_after_the_string_is_rejected(void)
{
	size_t n = make_var(ATTR_VOLATILE, "node-a.efi", 1);

	var[n++] = 0;	/* a second NUL: "node-a.efi\0\0" */
	var[n++] = 0;
	CHECK_INT(decode(n), -1);
	CHECK_CONTAINS(err, "NUL at character 10");
	n = make_var(ATTR_VOLATILE, "node-a.efi", 1);
	var[4 + 2 * 6] = 0;	/* "node-a\0efi" */
	CHECK_INT(decode(n), -1);
	CHECK_CONTAINS(err, "NUL at character 6");
}

static void non_ascii_is_rejected(void)
{
	size_t n = make_var(ATTR_VOLATILE, "node-a.efi", 1);

	var[4 + 2 * 5 + 1] = 0x04;	/* 'a' becomes U+0461 */
	CHECK_INT(decode(n), -1);
	CHECK_CONTAINS(err, "U+0461");
	n = make_var(ATTR_VOLATILE, "node-\xe1.efi", 1);	/* U+00E1 */
	CHECK_INT(decode(n), -1);
	CHECK_CONTAINS(err, "not printable ASCII");
	n = make_var(ATTR_VOLATILE, "node-a\n.efi", 1);
	CHECK_INT(decode(n), -1);
	CHECK_CONTAINS(err, "U+000A");
}

static void too_short_or_empty_is_rejected(void)
{
	CHECK_INT(decode(0), -1);
	CHECK_CONTAINS(err, "too short");
	CHECK_INT(decode(4), -1);	/* attributes only */
	CHECK_CONTAINS(err, "too short");
	CHECK_INT(decode(make_var(ATTR_VOLATILE, "", 1)), -1);
	CHECK_CONTAINS(err, "empty");
}

static void too_long_is_rejected(void)
{
	char s[EFIVAR_STRING_MAX + 2];

	memset(s, 'x', EFIVAR_STRING_MAX);
	s[EFIVAR_STRING_MAX] = '\0';
	CHECK_INT(decode(make_var(ATTR_VOLATILE, s, 1)), 0);	/* exactly the limit */
	s[EFIVAR_STRING_MAX] = 'x';
	s[EFIVAR_STRING_MAX + 1] = '\0';
	CHECK_INT(decode(make_var(ATTR_VOLATILE, s, 1)), -1);
	CHECK_CONTAINS(err, "more than 255");
	/* a smaller output buffer is a limit too */
	CHECK_INT(efivar_string_decode(var, make_var(ATTR_VOLATILE, "node-a.efi", 1), out, 10, err,
				       sizeof err), -1);
	CHECK_CONTAINS(err, "more than 9");
}

static void persistent_variable_is_not_about_this_boot(void)
{
	CHECK_INT(decode(make_var(ATTR_VOLATILE | EFIVAR_ATTR_NON_VOLATILE, "node-a.efi", 1)), -1);
	CHECK_CONTAINS(err, "non-volatile");
}

static void command_line_slot_wins_over_the_boot_loader(void)
{
	struct node_cmdline c;
	struct boot_slot b;

	memset(&c, 0, sizeof c);
	c.slot = 'a';
	CHECK_INT(boot_slot_choose(&c, 'b', &b), 0);
	CHECK_INT(b.slot, 'a');
	CHECK_INT(b.source, SLOT_FROM_CMDLINE);
	CHECK_STR(b.root_label, "root-a");
	memcpy(c.root_label, "installer-root", sizeof "installer-root");
	CHECK_INT(boot_slot_choose(&c, 'b', &b), 0);
	CHECK_INT(b.slot, 'a');
	CHECK_STR(b.root_label, "installer-root");
}

static void boot_loader_slot_is_used_without_node_slot(void)
{
	struct node_cmdline c;
	struct boot_slot b;

	memset(&c, 0, sizeof c);
	CHECK_INT(boot_slot_choose(&c, 'b', &b), 0);
	CHECK_INT(b.slot, 'b');
	CHECK_INT(b.source, SLOT_FROM_LOADER);
	CHECK_STR(b.root_label, "root-b");
	memcpy(c.root_label, "root-x", sizeof "root-x");	/* node.root= alone still wins for the label */
	CHECK_INT(boot_slot_choose(&c, 'a', &b), 0);
	CHECK_INT(b.slot, 'a');
	CHECK_STR(b.root_label, "root-x");
}

static void no_slot_anywhere_is_an_error(void)
{
	struct node_cmdline c;
	struct boot_slot b;

	memset(&c, 0, sizeof c);
	CHECK_INT(boot_slot_choose(&c, 0, &b), -1);
	memcpy(c.root_label, "root-a", sizeof "root-a");	/* a label names no slot */
	CHECK_INT(boot_slot_choose(&c, 0, &b), -1);
	CHECK_INT(boot_slot_choose(&c, 'c', &b), -1);
}

int main(void)
{
	RUN(variable_as_systemd_boot_writes_it_decodes);
	RUN(entry_names_give_their_slot_with_and_without_counters);
	RUN(wrong_slot_letter_or_prefix_is_rejected);
	RUN(malformed_counters_are_rejected);
	RUN(missing_or_wrong_suffix_is_rejected);
	RUN(overlong_entry_name_is_rejected);
	RUN(odd_byte_count_is_rejected);
	RUN(missing_nul_is_rejected);
	RUN(nul_inside_or_after_the_string_is_rejected);
	RUN(non_ascii_is_rejected);
	RUN(too_short_or_empty_is_rejected);
	RUN(too_long_is_rejected);
	RUN(persistent_variable_is_not_about_this_boot);
	RUN(command_line_slot_wins_over_the_boot_loader);
	RUN(boot_loader_slot_is_used_without_node_slot);
	RUN(no_slot_anywhere_is_an_error);
	return check_done();
}
