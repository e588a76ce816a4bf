/* The small text formats the agent reads: the kernel command line (node.slot, node.verity),
 * os-release (IMAGE_VERSION) and the kernel's uevent files (PARTNAME). */
#include <string.h>

#include "check.h"
#include "disk_find.h"
#include "kernel_cmdline.h"
#include "os_release.h"

static struct upd_error err;
static char v[CMDLINE_VALUE_MAX];

static int cl(const char *text, const char *key)
{
	return cmdline_value(text, strlen(text), key, v, sizeof v, &err);
}

static void cmdline_value_is_found_among_words(void)
{
	CHECK_INT(cl("console=ttyS0 quiet node.slot=b panic=10\n", "node.slot"), 1);
	CHECK_STR(v, "b");
}

static void cmdline_key_must_match_whole(void)
{
	CHECK_INT(cl("xnode.slot=a node.slotx=b", "node.slot"), 0);
	CHECK_INT(cl("node.slot", "node.slot"), 0);
}

static void cmdline_quotes_hold_blanks(void)
{
	CHECK_INT(cl("a=1 node.root=\"PARTLABEL=root a\" b=2", "node.root"), 1);
	CHECK_STR(v, "PARTLABEL=root a");
}

static void cmdline_repeated_key_is_refused(void)
{
	CHECK_INT(cl("node.slot=a node.slot=b", "node.slot"), -1);
	CHECK_CONTAINS(err.msg, "twice");
}

static void cmdline_stops_at_a_nul(void)
{
	CHECK_INT(cmdline_value("a=1\0node.slot=b", 15, "node.slot", v, sizeof v, &err), 0);
}

static void cmdline_value_longer_than_the_buffer_is_refused(void)
{
	char small[4];

	CHECK_INT(cmdline_value("node.slot=abcdef", 16, "node.slot", small, sizeof small, &err), -1);
}

static void verity_parameter_parses(void)
{
	struct node_verity nv;
	char s[200];

	snprintf(s, sizeof s, "10241:10242:%064d:%064d", 0, 1);
	CHECK_INT(node_verity_parse(s, &nv, &err), 0);
	CHECK_INT(nv.data_blocks, 10241);
	CHECK_INT(nv.hash_start, 10242);
	CHECK_INT(nv.salt[31], 1);
}

static void verity_parameter_garbage_is_refused(void)
{
	struct node_verity nv;
	char s[200];

	CHECK_INT(node_verity_parse("", &nv, &err), -1);
	CHECK_INT(node_verity_parse("1:2:3:4", &nv, &err), -1);
	snprintf(s, sizeof s, "0:1:%064d:%064d", 0, 0);
	CHECK_INT(node_verity_parse(s, &nv, &err), -1);
	snprintf(s, sizeof s, "01:2:%064d:%064d", 0, 0);
	CHECK_INT(node_verity_parse(s, &nv, &err), -1);
	snprintf(s, sizeof s, "1:2:%064d:%064d:5", 0, 0);
	CHECK_INT(node_verity_parse(s, &nv, &err), -1);
	snprintf(s, sizeof s, "1:2:%064d:%063dA", 0, 0);
	CHECK_INT(node_verity_parse(s, &nv, &err), -1);
}

static void slot_letters(void)
{
	CHECK_INT(slot_from_string("a"), 'a');
	CHECK_INT(slot_from_string("b"), 'b');
	CHECK_INT(slot_from_string("c"), 0);
	CHECK_INT(slot_from_string("ab"), 0);
	CHECK_INT(slot_from_string(""), 0);
}

static const char osrel[] = "ID=node\nNAME=\"Node appliance\"\nIMAGE_VERSION=2.0.0\n"
			    "VERSION_ID='2.0.0'\n";

static void os_release_values_unquote(void)
{
	char out[64];

	CHECK_INT(os_release_value(osrel, strlen(osrel), "IMAGE_VERSION", out, sizeof out, &err), 1);
	CHECK_STR(out, "2.0.0");
	CHECK_INT(os_release_value(osrel, strlen(osrel), "NAME", out, sizeof out, &err), 1);
	CHECK_STR(out, "Node appliance");
	CHECK_INT(os_release_value(osrel, strlen(osrel), "VERSION_ID", out, sizeof out, &err), 1);
	CHECK_STR(out, "2.0.0");
	CHECK_INT(os_release_value(osrel, strlen(osrel), "IMAGE", out, sizeof out, &err), 0);
}

static void os_release_last_assignment_wins(void)
{
	const char *t = "IMAGE_VERSION=1.0.0\nIMAGE_VERSION=2.0.0";
	char out[64];

	CHECK_INT(os_release_value(t, strlen(t), "IMAGE_VERSION", out, sizeof out, &err), 1);
	CHECK_STR(out, "2.0.0");
}

static void os_release_odd_values_are_refused(void)
{
	char out[8];
	const char *a = "IMAGE_VERSION=\"2.0\\\"0\"\n", *b = "IMAGE_VERSION=2.0.0.0.0.0.0\n";

	CHECK_INT(os_release_value(a, strlen(a), "IMAGE_VERSION", out, sizeof out, &err), -1);
	CHECK_INT(os_release_value(b, strlen(b), "IMAGE_VERSION", out, sizeof out, &err), -1);
	CHECK_CONTAINS(err.msg, "longer");
}

static void uevent_of_a_partition(void)
{
	const char *t = "MAJOR=259\nMINOR=2\nDEVNAME=loop0p3\nDEVTYPE=partition\nDISKSEQ=9\n"
			"PARTN=3\nPARTNAME=root-b\n";
	struct uevent u;

	CHECK_INT(uevent_parse(t, strlen(t), &u, &err), 0);
	CHECK_STR(u.devname, "loop0p3");
	CHECK_STR(u.devtype, "partition");
	CHECK_STR(u.partname, "root-b");
	CHECK_INT(u.partn, 3);
	CHECK_INT(u.major, 259);
	CHECK_INT(u.minor, 2);
	CHECK_INT(u.has_dev, 1);
}

static void uevent_without_a_plain_devname_is_refused(void)
{
	struct uevent u;
	const char *a = "MAJOR=8\nMINOR=0\n", *b = "DEVNAME=../sda\n", *c = "DEVNAME=x\nMAJOR=8a\n";

	CHECK_INT(uevent_parse(a, strlen(a), &u, &err), -1);
	CHECK_INT(uevent_parse(b, strlen(b), &u, &err), -1);
	CHECK_INT(uevent_parse(c, strlen(c), &u, &err), -1);
}

static void uevent_over_long_label_is_refused(void)
{
	char t[200];
	struct uevent u;

	snprintf(t, sizeof t, "DEVNAME=sda1\nPARTNAME=%0100d\n", 0);
	CHECK_INT(uevent_parse(t, strlen(t), &u, &err), -1);
}

int main(void)
{
	RUN(cmdline_value_is_found_among_words);
	RUN(cmdline_key_must_match_whole);
	RUN(cmdline_quotes_hold_blanks);
	RUN(cmdline_repeated_key_is_refused);
	RUN(cmdline_stops_at_a_nul);
	RUN(cmdline_value_longer_than_the_buffer_is_refused);
	RUN(verity_parameter_parses);
	RUN(verity_parameter_garbage_is_refused);
	RUN(slot_letters);
	RUN(os_release_values_unquote);
	RUN(os_release_last_assignment_wins);
	RUN(os_release_odd_values_are_refused);
	RUN(uevent_of_a_partition);
	RUN(uevent_without_a_plain_devname_is_refused);
	RUN(uevent_over_long_label_is_refused);
	return check_done();
}
