/* LoaderBootCountPath and LoaderEntrySelected as efivarfs shows them: 4-byte attributes, then a
 * NUL-terminated UTF-16LE string (REFERENCE C.2). Untrusted bytes: everything odd is refused. */
#include <stdint.h>
#include <string.h>

#include "bootcount_var.h"
#include "check.h"
#include "efivar.h"

static struct upd_error err;
static struct bootcount_path bc;
static uint8_t buf[EFIVAR_MAX + 16];

/* attributes + s as UTF-16LE + a NUL (when nul) */
static size_t var(uint32_t attr, const char *s, int nul)
{
	size_t i, n = 4;

	buf[0] = (uint8_t)attr;
	buf[1] = (uint8_t)(attr >> 8);
	buf[2] = (uint8_t)(attr >> 16);
	buf[3] = (uint8_t)(attr >> 24);
	for (i = 0; s[i] != '\0'; i++) {
		buf[n++] = (uint8_t)s[i];
		buf[n++] = 0;
	}
	if (nul) {
		buf[n++] = 0;
		buf[n++] = 0;
	}
	return n;
}

/* what systemd-boot sets: volatile, boot service + runtime access */
#define ATTR 0x00000006u

static void counting_path_gives_the_file_name(void)
{
	size_t n = var(ATTR, "\\EFI\\Linux\\node-b+2-1.efi", 1);

	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), 0);
	CHECK_STR(bc.name, "node-b+2-1.efi");
	CHECK_STR(bc.path, "\\EFI\\Linux\\node-b+2-1.efi");
	CHECK_INT(bc.attributes, ATTR);
}

static void directory_case_does_not_matter_on_fat(void)
{
	size_t n = var(ATTR, "\\efi\\linux\\node-a+0-3.efi", 1);

	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), 0);
	CHECK_STR(bc.name, "node-a+0-3.efi");
}

static void missing_terminator_is_accepted(void)
{
	size_t n = var(ATTR, "\\EFI\\Linux\\node-b+3.efi", 0);

	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), 0);
	CHECK_STR(bc.name, "node-b+3.efi");
}

static void trailing_terminators_are_accepted(void)
{
	size_t n = var(ATTR, "\\EFI\\Linux\\node-b+3.efi", 1);

	memset(buf + n, 0, 4);
	CHECK_INT(bootcount_var_parse(buf, n + 4, &bc, &err), 0);
}

static void non_volatile_variable_is_refused(void)
{
	size_t n = var(ATTR | EFI_VARIABLE_NON_VOLATILE, "\\EFI\\Linux\\node-b+3.efi", 1);

	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), -1);
	CHECK_CONTAINS(err.msg, "non-volatile");
}

static void attributes_alone_are_refused(void)
{
	size_t n = var(ATTR, "", 0);

	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), -1);
	CHECK_INT(bootcount_var_parse(buf, 3, &bc, &err), -1);
	CHECK_INT(bootcount_var_parse(buf, 0, &bc, &err), -1);
}

static void empty_string_is_refused(void)
{
	size_t n = var(ATTR, "", 1);

	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), -1);
	CHECK_CONTAINS(err.msg, "empty");
}

static void odd_length_is_refused(void)
{
	size_t n = var(ATTR, "\\EFI\\Linux\\node-b+3.efi", 1);

	CHECK_INT(bootcount_var_parse(buf, n - 1, &bc, &err), -1);
	CHECK_CONTAINS(err.msg, "UTF-16");
}

static void non_ascii_is_refused(void)
{
	size_t n = var(ATTR, "\\EFI\\Linux\\node-b+3.efi", 1);

	buf[4 + 2 * 12 + 1] = 0x04;  /* 'o' becomes U+046F */
	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), -1);
	CHECK_CONTAINS(err.msg, "U+046F");
}

static void control_character_is_refused(void)
{
	size_t n = var(ATTR, "\\EFI\\Linux\\node-b\n+3.efi", 1);

	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), -1);
}

static void data_after_the_terminator_is_refused(void)
{
	size_t n = var(ATTR, "\\EFI\\Linux\\node-b+3.efi", 1);

	buf[n] = 'x';
	buf[n + 1] = 0;
	CHECK_INT(bootcount_var_parse(buf, n + 2, &bc, &err), -1);
	CHECK_CONTAINS(err.msg, "after the terminating NUL");
}

static void path_outside_efi_linux_is_refused(void)
{
	size_t n = var(ATTR, "\\loader\\entries\\node-b+3.conf", 1);

	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), -1);
	CHECK_CONTAINS(err.msg, "not a file in");
	n = var(ATTR, "\\EFI\\Linux\\", 1);
	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), -1);
}

static void path_into_a_subdirectory_is_refused(void)
{
	size_t n = var(ATTR, "\\EFI\\Linux\\x\\node-b+3.efi", 1);

	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), -1);
	n = var(ATTR, "\\EFI\\Linux\\x/node-b+3.efi", 1);
	CHECK_INT(bootcount_var_parse(buf, n, &bc, &err), -1);
}

static void oversized_variable_is_refused(void)
{
	static uint8_t big[EFIVAR_MAX + 2];

	memset(big, 'a', sizeof big);
	memset(big, 0, 4);
	CHECK_INT(bootcount_var_parse(big, sizeof big, &bc, &err), -1);
}

static void every_truncation_of_a_good_variable_is_handled(void)
{
	size_t n = var(ATTR, "\\EFI\\Linux\\node-b+2-1.efi", 1), k;

	/* no crash, and nothing shorter than the directory prefix is accepted */
	for (k = 0; k < n; k++) {
		int rc = bootcount_var_parse(buf, k, &bc, &err);

		CHECK(rc == -1 || (rc == 0 && strlen(bc.name) > 0));
	}
}

static void entry_selected_string_parses(void)
{
	char out[EFIVAR_STRING_MAX + 1];
	uint32_t attr;
	size_t n = var(ATTR, "node-a+3.efi", 1);

	CHECK_INT(efivar_string_parse(buf, n, "LoaderEntrySelected", &attr, out, sizeof out, &err), 0);
	CHECK_STR(out, "node-a+3.efi");
}

static void string_longer_than_the_buffer_is_refused(void)
{
	char out[8];
	uint32_t attr;
	size_t n = var(ATTR, "node-a+3.efi", 1);

	CHECK_INT(efivar_string_parse(buf, n, "LoaderEntrySelected", &attr, out, sizeof out, &err), -1);
	CHECK_CONTAINS(err.msg, "longer");
}

int main(void)
{
	RUN(counting_path_gives_the_file_name);
	RUN(directory_case_does_not_matter_on_fat);
	RUN(missing_terminator_is_accepted);
	RUN(trailing_terminators_are_accepted);
	RUN(non_volatile_variable_is_refused);
	RUN(attributes_alone_are_refused);
	RUN(empty_string_is_refused);
	RUN(odd_length_is_refused);
	RUN(non_ascii_is_refused);
	RUN(control_character_is_refused);
	RUN(data_after_the_terminator_is_refused);
	RUN(path_outside_efi_linux_is_refused);
	RUN(path_into_a_subdirectory_is_refused);
	RUN(oversized_variable_is_refused);
	RUN(every_truncation_of_a_good_variable_is_handled);
	RUN(entry_selected_string_parses);
	RUN(string_longer_than_the_buffer_is_refused);
	return check_done();
}
