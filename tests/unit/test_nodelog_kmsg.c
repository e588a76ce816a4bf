/* nodelog's reading of /dev/kmsg records (init/nodelog/kmsg_record.c, kmsg_seq.c): good records,
 * every malformed shape, the limits, the tag split, and the bookkeeping of lost records. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "kmsg_record.h"
#include "kmsg_seq.h"

static struct kmsg_record r;
static struct kmsg_tag t;

static int parse(const char *s)
{
	memset(&r, 0, sizeof r);
	return kmsg_record_parse(s, strlen(s), &r);
}

static int msg_is(const char *want)
{
	return r.msg_len == strlen(want) && memcmp(r.msg, want, r.msg_len) == 0;
}

static void a_kernel_record_is_read(void)
{
	CHECK_INT(parse("6,339,5140900,-;NET: Registered protocol family 10\n"), 0);
	CHECK_INT(r.facility, 0);
	CHECK_INT(r.level, 6);
	CHECK_INT(r.seq, 339);
	CHECK_INT(r.ts_usec, 5140900);
	CHECK(msg_is("NET: Registered protocol family 10"));
}

static void a_user_record_gives_facility_and_level(void)
{
	CHECK_INT(parse("14,1200,23000000,-;ntp[230]: nodetime: clock stepped\n"), 0);
	CHECK_INT(r.facility, 1);
	CHECK_INT(r.level, 6);
	CHECK_INT(parse("191,1,1,-;x\n"), 0);	/* local7.debug: the highest */
	CHECK_INT(r.facility, 23);
	CHECK_INT(r.level, 7);
}

static void continuation_lines_are_checked_and_ignored(void)
{
	CHECK_INT(parse("3,7,8,-;usb 1-1: oops\n SUBSYSTEM=usb\n DEVICE=c189:1\n"), 0);
	CHECK(msg_is("usb 1-1: oops"));
	CHECK_INT(r.seq, 7);
}

static void later_fields_after_flags_are_ignored(void)
{
	/* CONFIG_PRINTK_CALLER adds ",caller=T123"; a 'c' flag marks a continued line */
	CHECK_INT(parse("6,10,20,c,caller=T123;text\n"), 0);
	CHECK(msg_is("text"));
	CHECK_INT(r.ts_usec, 20);
}

static void an_empty_message_is_a_record(void)
{
	CHECK_INT(parse("6,1,2,-;\n"), 0);
	CHECK_INT(r.msg_len, 0);
}

static void the_largest_numbers_are_read(void)
{
	CHECK_INT(parse("0,18446744073709551615,18446744073709551615,-;m\n"), 0);
	CHECK(r.seq == UINT64_MAX && r.ts_usec == UINT64_MAX);
}

static void every_malformed_shape_is_refused(void)
{
	static const char *const bad[] = {
		"",				/* nothing */
		"\n",
		"6,1,2,-;no newline",		/* message not terminated */
		"6,1,2,-no semicolon\n",
		"6,1,2;no flags\n",
		"6,1,2,;empty flags\n",
		"6,1,2,,x;empty flags before a field\n",
		",1,2,-;no priority\n",
		"6,,2,-;no seq\n",
		"6,1,,-;no timestamp\n",
		"6;1,2,-;semicolon early\n",
		"x6,1,2,-;letter\n",
		"6x,1,2,-;letter after a number\n",
		"-6,1,2,-;sign\n",
		" 6,1,2,-;space\n",
		"192,1,2,-;facility 24\n",	/* past local7: syslog cannot carry it */
		"2047,1,2,-;facility 255\n",	/* what the kernel keeps of <2047> */
		"00006,1,2,-;five digit priority\n",
		"6,18446744073709551616,2,-;seq overflows\n",
		"6,1,18446744073709551616,-;timestamp overflows\n",
		"6,1,2,-\x01;control byte in the flags\n",
		"6,1,2,-;m\nX=no leading space\n",
		"6,1,2,-;m\n continuation without newline",
		"6,1,2,-;m\n\n",		/* an empty continuation line */
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse(bad[i]) != -1) {
			snprintf(check_why, sizeof check_why, "accepted bad record %zu: '%s'", i, bad[i]);
			return;
		}
	}
}

static void the_prefix_has_a_limit(void)
{
	char buf[400];
	size_t n;

	/* flags and fields up to the ';' within KMSG_PREFIX_MAX bytes, not one more */
	n = (size_t)snprintf(buf, sizeof buf, "6,1,2,");
	memset(buf + n, 'f', KMSG_PREFIX_MAX - n - 1);
	memcpy(buf + KMSG_PREFIX_MAX - 1, ";m\n", 4);
	CHECK_INT(parse(buf), 0);
	n = (size_t)snprintf(buf, sizeof buf, "6,1,2,");
	memset(buf + n, 'f', KMSG_PREFIX_MAX - n);
	memcpy(buf + KMSG_PREFIX_MAX, ";m\n", 4);
	CHECK_INT(parse(buf), -1);
}

static void a_record_has_a_limit(void)
{
	static char buf[KMSG_READ_MAX + 2];

	memcpy(buf, "6,1,2,-;", 8);
	memset(buf + 8, 'm', KMSG_READ_MAX - 9);
	buf[KMSG_READ_MAX - 1] = '\n';
	CHECK_INT(kmsg_record_parse(buf, KMSG_READ_MAX, &r), 0);
	CHECK_INT(r.msg_len, KMSG_READ_MAX - 9);
	buf[KMSG_READ_MAX - 1] = 'm';
	buf[KMSG_READ_MAX] = '\n';
	CHECK_INT(kmsg_record_parse(buf, KMSG_READ_MAX + 1, &r), -1);
}

static void the_parser_reads_only_len_bytes(void)
{
	/* the newline lies past len: not a record, even though it is in memory */
	const char *s = "6,1,2,-;message\n";

	CHECK_INT(kmsg_record_parse(s, strlen(s) - 1, &r), -1);
	/* cut inside the prefix */
	CHECK_INT(kmsg_record_parse(s, 3, &r), -1);
}

static void bytes_the_kernel_should_have_escaped_are_kept_for_the_formatters(void)
{
	CHECK_INT(parse("6,1,2,-;a\x01\x7f\xff" "b\n"), 0);
	CHECK_INT(r.msg_len, 5);
}

static int split(const char *s)
{
	return kmsg_tag_split(s, strlen(s), &t);
}

static int span_is(const char *p, size_t n, const char *want)
{
	return p != NULL && n == strlen(want) && memcmp(p, want, n) == 0;
}

static void a_tag_with_pid_is_split_off(void)
{
	CHECK_INT(split("ntp[230]: nodetime: clock stepped"), 1);
	CHECK(span_is(t.tag, t.tag_len, "ntp"));
	CHECK(span_is(t.pid, t.pid_len, "230"));
	CHECK(span_is(t.text, t.text_len, "nodetime: clock stepped"));
}

static void a_tag_without_pid_is_split_off(void)
{
	CHECK_INT(split("node: verity: root-a ok (t=2.031s)"), 1);
	CHECK(span_is(t.tag, t.tag_len, "node"));
	CHECK(t.pid == NULL);
	CHECK(span_is(t.text, t.text_len, "verity: root-a ok (t=2.031s)"));
}

static void a_tag_may_end_the_message(void)
{
	CHECK_INT(split("svc.name_1-x[7]:"), 1);
	CHECK(span_is(t.tag, t.tag_len, "svc.name_1-x"));
	CHECK_INT(t.text_len, 0);
}

static void tag_limits_are_kept(void)
{
	char buf[128];

	memset(buf, 'a', KMSG_TAG_MAX);
	memcpy(buf + KMSG_TAG_MAX, ": x", 4);
	CHECK_INT(split(buf), 1);
	CHECK_INT(t.tag_len, KMSG_TAG_MAX);
	memset(buf, 'a', KMSG_TAG_MAX + 1);
	memcpy(buf + KMSG_TAG_MAX + 1, ": x", 4);
	CHECK_INT(split(buf), 0);
	CHECK_INT(split("a[1234567890]: ten digits"), 1);
	CHECK(span_is(t.pid, t.pid_len, "1234567890"));
	CHECK_INT(split("a[12345678901]: eleven digits"), 0);
}

static void what_is_not_a_tag_stays_in_the_text(void)
{
	static const char *const not_tags[] = {
		"usb 1-1: new device",	/* a space in the would-be tag */
		": empty tag",
		"tag:no space",
		"tag[]: empty pid",
		"tag[12a]: letter in pid",
		"tag[12: unclosed",
		"tag[12]x: after the pid",
		"tag",
		"t@g: bad character",
		"",
	};
	size_t i;

	for (i = 0; i < sizeof not_tags / sizeof not_tags[0]; i++) {
		if (split(not_tags[i]) != 0 || t.tag != NULL || t.text != not_tags[i] ||
		    t.text_len != strlen(not_tags[i])) {
			snprintf(check_why, sizeof check_why, "'%s' was taken for a tag", not_tags[i]);
			return;
		}
	}
}

static void the_split_reads_only_len_bytes(void)
{
	const char *s = "abc: x";

	/* "abc" alone (len 3) has no ':' */
	CHECK_INT(kmsg_tag_split(s, 3, &t), 0);
	CHECK_INT(kmsg_tag_split(s, 4, &t), 1);
	CHECK_INT(t.text_len, 0);
}

static void a_new_boot_counts_records_overwritten_before_the_first_read(void)
{
	struct kmsg_seq s;
	uint64_t lost;

	kmsg_seq_init(&s, 0, 0);
	CHECK_INT(kmsg_seq_take(&s, 120, &lost), 1);
	CHECK_INT(lost, 120);
	CHECK_INT(kmsg_seq_take(&s, 121, &lost), 1);
	CHECK_INT(lost, 0);
}

static void a_gap_after_epipe_is_counted(void)
{
	struct kmsg_seq s;
	uint64_t lost;

	kmsg_seq_init(&s, 0, 0);
	CHECK_INT(kmsg_seq_take(&s, 0, &lost), 1);
	CHECK_INT(lost, 0);
	CHECK_INT(kmsg_seq_take(&s, 1, &lost), 1);
	/* EPIPE, then the oldest record left is 500: 2..499 went by */
	CHECK_INT(kmsg_seq_take(&s, 500, &lost), 1);
	CHECK_INT(lost, 498);
}

static void an_unparsed_record_is_not_counted_as_lost(void)
{
	struct kmsg_seq s;
	uint64_t lost;

	kmsg_seq_init(&s, 0, 0);
	CHECK_INT(kmsg_seq_take(&s, 0, &lost), 1);
	kmsg_seq_skip_unparsed(&s);
	CHECK_INT(kmsg_seq_take(&s, 2, &lost), 1);
	CHECK_INT(lost, 0);
}

static void a_restart_skips_what_the_cursor_covers(void)
{
	struct kmsg_seq s;
	uint64_t lost;

	kmsg_seq_init(&s, 1, 100);
	CHECK_INT(kmsg_seq_take(&s, 40, &lost), 0);	/* the ring still holds older records */
	CHECK_INT(lost, 0);
	CHECK_INT(kmsg_seq_take(&s, 100, &lost), 0);
	CHECK_INT(kmsg_seq_take(&s, 101, &lost), 1);
	CHECK_INT(lost, 0);
}

static void a_restart_after_the_ring_moved_on_counts_the_gap(void)
{
	struct kmsg_seq s;
	uint64_t lost;

	kmsg_seq_init(&s, 1, 100);
	CHECK_INT(kmsg_seq_take(&s, 150, &lost), 1);
	CHECK_INT(lost, 49);
}

int main(void)
{
	RUN(a_kernel_record_is_read);
	RUN(a_user_record_gives_facility_and_level);
	RUN(continuation_lines_are_checked_and_ignored);
	RUN(later_fields_after_flags_are_ignored);
	RUN(an_empty_message_is_a_record);
	RUN(the_largest_numbers_are_read);
	RUN(every_malformed_shape_is_refused);
	RUN(the_prefix_has_a_limit);
	RUN(a_record_has_a_limit);
	RUN(the_parser_reads_only_len_bytes);
	RUN(bytes_the_kernel_should_have_escaped_are_kept_for_the_formatters);
	RUN(a_tag_with_pid_is_split_off);
	RUN(a_tag_without_pid_is_split_off);
	RUN(a_tag_may_end_the_message);
	RUN(tag_limits_are_kept);
	RUN(what_is_not_a_tag_stays_in_the_text);
	RUN(the_split_reads_only_len_bytes);
	RUN(a_new_boot_counts_records_overwritten_before_the_first_read);
	RUN(a_gap_after_epipe_is_counted);
	RUN(an_unparsed_record_is_not_counted_as_lost);
	RUN(a_restart_skips_what_the_cursor_covers);
	RUN(a_restart_after_the_ring_moved_on_counts_the_gap);
	return check_done();
}
