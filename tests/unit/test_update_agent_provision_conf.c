/* provision.conf, the installer's signed instructions: what it accepts (the development config
 * image/build-provision.sh writes, each disk rule, comments and tabs), what it refuses (with the
 * line and the reason, never with the node key in the message), and its signature beside it. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "provision_conf.h"
#include "signed_file.h"
#include "test_update_fixture.h"

#define KEY "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define GOOD_TAIL "hostname node-17\nnode-key " KEY "\n"

static struct provision_conf c;
static struct upd_error err;

static int parse(const char *text)
{
	return provision_conf_parse(text, strlen(text), &c, &err);
}

static void the_development_config_parses(void)
{
	CHECK_INT(parse("# The DEVELOPMENT provisioning config (image/build-provision.sh): the\n"
			"# (build/keys/node.key), never for a real site.\n"
			"disk first-non-removable\nwipe no\nhostname node-dev\nnode-key " KEY "\n"), 0);
	CHECK_INT(c.disk_rule, DISK_RULE_FIRST_NON_REMOVABLE);
	CHECK_INT(c.wipe, 0);
	CHECK_STR(c.hostname, "node-dev");
	CHECK_STR(c.node_key, KEY);
}

static void the_contracts_example_with_comments_after_values_parses(void)
{
	CHECK_INT(parse("disk first-non-removable        # or: disk serial <SERIAL>\n"
			"wipe yes                         # yes: a disk that is not blank\n"
			"hostname node-17                 # required\n"
			"node-key " KEY "   # required\n"), 0);
	CHECK_INT(c.wipe, 1);
	CHECK_STR(c.hostname, "node-17");
}

static void disk_serial_takes_one_token_and_a_hash_inside_it(void)
{
	CHECK_INT(parse("disk serial S7XNJ0K#2 # bay 2\n" GOOD_TAIL), 0);
	CHECK_INT(c.disk_rule, DISK_RULE_SERIAL);
	CHECK_STR(c.disk_arg, "S7XNJ0K#2");
}

static void disk_name_takes_a_kernel_name(void)
{
	char buf[64];

	CHECK_INT(parse("\tdisk\tname\tnvme0n1\t\n" GOOD_TAIL), 0);
	CHECK_INT(c.disk_rule, DISK_RULE_NAME);
	CHECK_STR(c.disk_arg, "nvme0n1");
	CHECK_STR(provision_disk_rule_text(&c, buf, sizeof buf), "disk name nvme0n1");
}

static void disk_name_refuses_a_path(void)
{
	CHECK_INT(parse("disk name /dev/sda\n" GOOD_TAIL), -1);
	CHECK_CONTAINS(err.msg, "line 1: disk name takes the kernel's name");
}

static void disk_refuses_an_unknown_rule_and_missing_values(void)
{
	CHECK_INT(parse("disk largest\n" GOOD_TAIL), -1);
	CHECK_CONTAINS(err.msg, "line 1: disk takes first-non-removable, serial SERIAL or name NAME");
	CHECK_INT(parse("disk serial\n" GOOD_TAIL), -1);
	CHECK_INT(parse("disk first-non-removable sda\n" GOOD_TAIL), -1);
	CHECK_INT(parse("disk serial A B\n" GOOD_TAIL), -1);
}

static void wipe_is_no_unless_said_yes(void)
{
	CHECK_INT(parse("disk first-non-removable\n" GOOD_TAIL), 0);
	CHECK_INT(c.wipe, 0);
	CHECK_INT(parse("disk first-non-removable\nwipe maybe\n" GOOD_TAIL), -1);
	CHECK_CONTAINS(err.msg, "line 2: wipe takes yes or no");
}

static void every_required_key_is_required(void)
{
	CHECK_INT(parse("disk first-non-removable\nnode-key " KEY "\n"), -1);
	CHECK_STR(err.msg, "no hostname line (it is required)");
	CHECK_INT(parse("disk first-non-removable\nhostname a\n"), -1);
	CHECK_STR(err.msg, "no node-key line (it is required)");
	CHECK_INT(parse(GOOD_TAIL), -1);
	CHECK_STR(err.msg, "no disk line (it is required)");
}

static void an_unknown_key_is_refused_with_its_line(void)
{
	CHECK_INT(parse("disk first-non-removable\n\n# x\nwipe-all yes\n" GOOD_TAIL), -1);
	CHECK_CONTAINS(err.msg, "line 4: unknown key \"wipe-all\"");
}

static void a_key_given_twice_is_refused_naming_both_lines(void)
{
	CHECK_INT(parse("disk first-non-removable\n" GOOD_TAIL "hostname other\n"), -1);
	CHECK_STR(err.msg, "line 4: hostname is given again (first on line 2)");
}

static void carriage_returns_nuls_and_non_ascii_are_refused(void)
{
	static const char nul[] = "disk first-non-removable\n\0" GOOD_TAIL;

	CHECK_INT(parse("disk first-non-removable\r\n" GOOD_TAIL), -1);
	CHECK_STR(err.msg, "line 1: byte 0x0d: only printable ASCII, tabs and LF line ends are "
		  "allowed");
	CHECK_INT(provision_conf_parse(nul, sizeof nul - 1, &c, &err), -1);
	CHECK_CONTAINS(err.msg, "line 2: byte 0x00");
	CHECK_INT(parse("disk first-non-removable\nhostname n\xc3\xb6\n"), -1);
	CHECK_CONTAINS(err.msg, "line 2: byte 0xc3");
}

static void the_last_line_may_lack_its_newline(void)
{
	CHECK_INT(parse("disk first-non-removable\nhostname h\nnode-key " KEY), 0);
	CHECK_STR(c.node_key, KEY);
}

static void a_config_over_4096_bytes_is_refused(void)
{
	static char big[PROVISION_CONF_MAX + 2];
	size_t n = strlen("disk first-non-removable\n" GOOD_TAIL);

	memcpy(big, "disk first-non-removable\n" GOOD_TAIL, n);
	memset(big + n, '#', PROVISION_CONF_MAX - n);   /* a comment to exactly 4096 bytes */
	CHECK_INT(provision_conf_parse(big, PROVISION_CONF_MAX, &c, &err), 0);
	big[PROVISION_CONF_MAX] = '#';
	CHECK_INT(provision_conf_parse(big, PROVISION_CONF_MAX + 1, &c, &err), -1);
	CHECK_STR(err.msg, "4097 bytes; at most 4096");
}

static void a_bad_node_key_is_refused_without_showing_it(void)
{
	static const char *const bad[] = {
		"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", /* upper */
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",  /* 63 */
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", /* 65 */
		"0123456789abcdefg123456789abcdef0123456789abcdef0123456789abcdef", /* 'g' */
	};
	char text[256];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(text, sizeof text, "disk first-non-removable\nhostname h\nnode-key %s\n",
			 bad[i]);
		CHECK_INT(parse(text), -1);
		CHECK_CONTAINS(err.msg, "line 3: node-key");
		CHECK(strstr(err.msg, "0123456789") == NULL);
		CHECK(c.node_key[0] == '\0');
	}
	CHECK_INT(parse("disk first-non-removable\nhostname h\nnode-key "
			"0000000000000000000000000000000000000000000000000000000000000000\n"), -1);
	CHECK_STR(err.msg, "line 3: node-key is all zeros");
}

static void a_hostname_is_letters_digits_dashes_dots_up_to_63(void)
{
	char text[256];

	CHECK_INT(parse("disk first-non-removable\nhostname node_17\nnode-key " KEY "\n"), -1);
	CHECK_CONTAINS(err.msg, "line 2: hostname \"node_17\" has character '_'");
	snprintf(text, sizeof text, "disk first-non-removable\nhostname %s\nnode-key %s\n",
		 "a23456789012345678901234567890123456789012345678901234567890123", KEY);
	CHECK_INT(parse(text), 0);
	snprintf(text, sizeof text, "disk first-non-removable\nhostname %s\nnode-key %s\n",
		 "a234567890123456789012345678901234567890123456789012345678901234", KEY);
	CHECK_INT(parse(text), -1);
	CHECK_STR(err.msg, "line 2: hostname is longer than 63 characters");
}

/* ---- the signature beside it -------------------------------------------------------------- */

static char dir[] = "/tmp/test_provision_conf.XXXXXX";
static char conf_path[64], sig_path[80];
static struct minisign_keyring ring;

static void put(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len || close(fd) < 0)
		fx_die("writing a test file");
}

static int read_signed(char *buf, size_t cap, size_t *len, uint64_t *id)
{
	return signed_file_read(conf_path, &ring, PROVISION_SIG_TOKEN, buf, cap, len, id, &err);
}

static void sign_as(const char *text, const char *comment)
{
	char sig[FX_SIG_MAX];
	size_t n = fx_sign(text, strlen(text), comment, sig);

	put(conf_path, text, strlen(text));
	put(sig_path, sig, n);
}

static void a_config_signed_as_provision_conf_reads(void)
{
	char buf[PROVISION_CONF_MAX + 1];
	const char *text = "disk first-non-removable\n" GOOD_TAIL;
	uint64_t id = 0;
	size_t len;

	sign_as(text, "timestamp:1700000000\tfile:provision.conf\thashed");
	CHECK_INT(read_signed(buf, sizeof buf, &len, &id), 0);
	CHECK_INT(len, strlen(text));
	CHECK(id == FX_KEY_ID);
}

static void a_signature_of_another_file_name_is_refused(void)
{
	char buf[PROVISION_CONF_MAX + 1];
	uint64_t id;
	size_t len;

	sign_as("disk first-non-removable\n" GOOD_TAIL, "timestamp:1700000000\tfile:node-17.conf");
	CHECK_INT(read_signed(buf, sizeof buf, &len, &id), -1);
	CHECK_INT(err.kind, UPD_ERR_BAD);
	CHECK_CONTAINS(err.msg, "has no \"file:provision.conf\" (it signs another file)");
}

static void a_config_changed_after_signing_is_refused(void)
{
	char buf[PROVISION_CONF_MAX + 1];
	const char *changed = "disk first-non-removable\nwipe yes\n" GOOD_TAIL;
	uint64_t id;
	size_t len;

	sign_as("disk first-non-removable\n" GOOD_TAIL, "file:provision.conf");
	put(conf_path, changed, strlen(changed));
	CHECK_INT(read_signed(buf, sizeof buf, &len, &id), -1);
	CHECK_INT(err.kind, UPD_ERR_BAD);
	CHECK_CONTAINS(err.msg, "does not verify with key 57870C89E1EABC72");
}

static void a_config_without_a_signature_is_refused(void)
{
	char buf[PROVISION_CONF_MAX + 1];
	uint64_t id;
	size_t len;

	sign_as("disk first-non-removable\n" GOOD_TAIL, "file:provision.conf");
	CHECK_INT(unlink(sig_path), 0);
	CHECK_INT(read_signed(buf, sizeof buf, &len, &id), -1);
	CHECK_INT(err.kind, UPD_ERR_BAD);
	CHECK_CONTAINS(err.msg, "is not signed");
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		fx_die("mkdtemp");
	snprintf(conf_path, sizeof conf_path, "%s/provision.conf", dir);
	snprintf(sig_path, sizeof sig_path, "%s/provision.conf.minisig", dir);
	fx_keyring(&ring, 1);
	RUN(the_development_config_parses);
	RUN(the_contracts_example_with_comments_after_values_parses);
	RUN(disk_serial_takes_one_token_and_a_hash_inside_it);
	RUN(disk_name_takes_a_kernel_name);
	RUN(disk_name_refuses_a_path);
	RUN(disk_refuses_an_unknown_rule_and_missing_values);
	RUN(wipe_is_no_unless_said_yes);
	RUN(every_required_key_is_required);
	RUN(an_unknown_key_is_refused_with_its_line);
	RUN(a_key_given_twice_is_refused_naming_both_lines);
	RUN(carriage_returns_nuls_and_non_ascii_are_refused);
	RUN(the_last_line_may_lack_its_newline);
	RUN(a_config_over_4096_bytes_is_refused);
	RUN(a_bad_node_key_is_refused_without_showing_it);
	RUN(a_hostname_is_letters_digits_dashes_dots_up_to_63);
	RUN(a_config_signed_as_provision_conf_reads);
	RUN(a_signature_of_another_file_name_is_refused);
	RUN(a_config_changed_after_signing_is_refused);
	RUN(a_config_without_a_signature_is_refused);
	(void)unlink(conf_path);
	(void)unlink(sig_path);
	(void)rmdir(dir);
	return check_done();
}
