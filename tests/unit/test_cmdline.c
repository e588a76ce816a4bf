#include "check.h"
#include "cmdline.h"

#define ROOT "597c0bde1e4d76c4d37c1e0c98a6c1e3f5c26d2e8d4c0b1a2f3e4d5c6b7aceea"
#define SALT "9aa2f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5c479"
#define VERITY "733:734:" ROOT ":" SALT

static struct node_cmdline c;
static char err[256];

static int parse(const char *s)
{
	err[0] = '\0';
	return cmdline_parse(s, strlen(s), &c, err, sizeof err);
}

static void good_line_fills_every_field(void)
{
	CHECK_INT(parse("BOOT_IMAGE=/vmlinuz console=ttyS0 quiet node.slot=b node.root=PARTLABEL=root-b "
			"node.verity=" VERITY " node.data=PARTLABEL=data2 node.debug\n"), 0);
	CHECK_INT(c.slot, 'b');
	CHECK_STR(c.root_label, "root-b");
	CHECK_STR(c.data_label, "data2");
	CHECK_INT(c.has_verity, 1);
	CHECK_INT(c.verity.data_blocks, 733);
	CHECK_INT(c.verity.hash_start_block, 734);
	CHECK_STR(c.verity.root_hash, ROOT);
	CHECK_STR(c.verity.salt, SALT);
	CHECK_INT(c.debug, 1);
}

static void absent_params_leave_defaults(void)
{
	CHECK_INT(parse("console=ttyS0 foo.bar=1 quiet"), 0);
	CHECK_INT(c.slot, 0);
	CHECK_STR(c.root_label, "");
	CHECK_STR(c.data_label, "data");
	CHECK_INT(c.has_verity, 0);
	CHECK_INT(c.debug, 0);
}

static void double_quotes_group_a_value_with_spaces(void)
{
	CHECK_INT(parse("a=1 node.root=\"PARTLABEL=my root\" b=2"), 0);
	CHECK_STR(c.root_label, "my root");
	CHECK_INT(parse("\"node.data=PARTLABEL=x y\""), 0);
	CHECK_STR(c.data_label, "x y");
}

static void quoted_unknown_param_does_not_leak(void)
{
	CHECK_INT(parse("dyndbg=\"file x node.slot=z +p\" node.slot=a"), 0);
	CHECK_INT(c.slot, 'a');
}

static void unterminated_quote_is_rejected(void)
{
	CHECK_INT(parse("node.slot=a foo=\"bar"), -1);
	CHECK_CONTAINS(err, "quote");
}

static void double_dash_ends_kernel_params(void)
{
	CHECK_INT(parse("node.slot=a -- node.slot=b"), 0);
	CHECK_INT(c.slot, 'a');
}

static void too_long_label_is_rejected(void)
{
	char line[512], label[CMDLINE_LABEL_MAX + 2];

	memset(label, 'x', sizeof label - 1);
	label[sizeof label - 1] = '\0';
	snprintf(line, sizeof line, "node.root=PARTLABEL=%s", label);
	CHECK_INT(parse(line), -1);
	CHECK_CONTAINS(err, "too long");
	label[CMDLINE_LABEL_MAX] = '\0';	/* exactly the maximum is fine */
	snprintf(line, sizeof line, "node.root=PARTLABEL=%s", label);
	CHECK_INT(parse(line), 0);
}

static void too_long_command_line_is_rejected(void)
{
	static char line[CMDLINE_MAX + 2];

	memset(line, 'a', CMDLINE_MAX + 1);
	CHECK_INT(cmdline_parse(line, CMDLINE_MAX + 1, &c, err, sizeof err), -1);
	CHECK_CONTAINS(err, "4096");
}

static void bad_slot_is_rejected(void)
{
	CHECK_INT(parse("node.slot=c"), -1);
	CHECK_CONTAINS(err, "node.slot");
	CHECK_INT(parse("node.slot=ab"), -1);
	CHECK_INT(parse("node.slot"), -1);
	CHECK_CONTAINS(err, "needs a value");
}

static void root_must_be_a_partlabel(void)
{
	CHECK_INT(parse("node.root=/dev/vda2"), -1);
	CHECK_CONTAINS(err, "PARTLABEL");
	CHECK_INT(parse("node.root=PARTLABEL="), -1);
	CHECK_CONTAINS(err, "empty");
}

static void verity_wrong_field_count_is_rejected(void)
{
	CHECK_INT(parse("node.verity=733:734:" ROOT), -1);
	CHECK_CONTAINS(err, "3 fields");
	CHECK_INT(parse("node.verity=" VERITY ":extra"), -1);
}

static void verity_bad_numbers_are_rejected(void)
{
	CHECK_INT(parse("node.verity=0:734:" ROOT ":" SALT), -1);
	CHECK_CONTAINS(err, "data_blocks");
	CHECK_INT(parse("node.verity=-5:734:" ROOT ":" SALT), -1);
	CHECK_INT(parse("node.verity=7x3:734:" ROOT ":" SALT), -1);
	CHECK_INT(parse("node.verity=4294967296:4294967297:" ROOT ":" SALT), -1);
	CHECK_INT(parse("node.verity=733:99999999999999999999:" ROOT ":" SALT), -1);
	CHECK_CONTAINS(err, "hash_start_block");
	CHECK_INT(parse("node.verity=733:700:" ROOT ":" SALT), -1);
	CHECK_CONTAINS(err, "inside");
}

static void verity_root_hash_must_be_64_hex(void)
{
	CHECK_INT(parse("node.verity=733:734:" "abc" ":" SALT), -1);
	CHECK_CONTAINS(err, "root hash");
	CHECK_INT(parse("node.verity=733:734:" "g97c0bde1e4d76c4d37c1e0c98a6c1e3f5c26d2e8d4c0b1a2f3e4d5c6b7aceea"
			":" SALT), -1);
	CHECK_INT(parse("node.verity=733:734:" ROOT "0:" SALT), -1);
}

static void verity_salt_must_be_even_hex_up_to_256(void)
{
	char line[1024], salt[VERITY_SALT_HEX_MAX + 3];

	CHECK_INT(parse("node.verity=733:734:" ROOT ":abc"), -1);
	CHECK_CONTAINS(err, "salt");
	CHECK_INT(parse("node.verity=733:734:" ROOT ":zz"), -1);
	CHECK_INT(parse("node.verity=733:734:" ROOT ":"), -1);
	memset(salt, 'a', VERITY_SALT_HEX_MAX + 2);
	salt[VERITY_SALT_HEX_MAX + 2] = '\0';
	snprintf(line, sizeof line, "node.verity=733:734:%s:%s", ROOT, salt);
	CHECK_INT(parse(line), -1);
	salt[VERITY_SALT_HEX_MAX] = '\0';
	snprintf(line, sizeof line, "node.verity=733:734:%s:%s", ROOT, salt);
	CHECK_INT(parse(line), 0);
	CHECK_INT(strlen(c.verity.salt), VERITY_SALT_HEX_MAX);
	CHECK_INT(parse("node.verity=733:734:" ROOT ":-"), 0);
	CHECK_STR(c.verity.salt, "-");
}

static void install_flag_takes_usb_or_an_http_url(void)
{
	char line[600];

	CHECK_INT(parse("quiet"), 0);
	CHECK_INT(c.install, INSTALL_NONE);
	CHECK_INT(parse("node.install=usb"), 0);
	CHECK_INT(c.install, INSTALL_USB);
	CHECK_INT(parse("node.install=http://10.0.2.100:8080/node/ quiet"), 0);
	CHECK_INT(c.install, INSTALL_HTTP);
	CHECK_STR(c.install_url, "http://10.0.2.100:8080/node/");
	CHECK_INT(parse("node.install"), -1);
	CHECK_INT(parse("node.install=USB"), -1);
	CHECK_INT(parse("node.install=https://10.0.2.100/node/"), -1);
	CHECK_INT(parse("node.install=ftp://x/"), -1);
	CHECK_INT(parse("\"node.install=http://10.0.2.100/a b/\""), -1);
	CHECK(strstr(err, "0x20") != NULL);
	CHECK_INT(parse("node.install=http://10.0.2.100/\x01/"), -1);
	memset(line, 0, sizeof line);
	memcpy(line, "node.install=http://10.0.2.100/", 31);
	memset(line + 31, 'a', CMDLINE_INSTALL_MAX - 17);	/* URL one byte over */
	CHECK_INT(parse(line), -1);
	line[31 + CMDLINE_INSTALL_MAX - 18] = '\0';		/* exactly the maximum */
	CHECK_INT(parse(line), 0);
	CHECK_INT(strlen(c.install_url), CMDLINE_INSTALL_MAX);
}

int main(void)
{
	RUN(good_line_fills_every_field);
	RUN(absent_params_leave_defaults);
	RUN(double_quotes_group_a_value_with_spaces);
	RUN(quoted_unknown_param_does_not_leak);
	RUN(unterminated_quote_is_rejected);
	RUN(double_dash_ends_kernel_params);
	RUN(too_long_label_is_rejected);
	RUN(too_long_command_line_is_rejected);
	RUN(bad_slot_is_rejected);
	RUN(root_must_be_a_partlabel);
	RUN(verity_wrong_field_count_is_rejected);
	RUN(verity_bad_numbers_are_rejected);
	RUN(verity_root_hash_must_be_64_hex);
	RUN(verity_salt_must_be_even_hex_up_to_256);
	RUN(install_flag_takes_usb_or_an_http_url);
	return check_done();
}
