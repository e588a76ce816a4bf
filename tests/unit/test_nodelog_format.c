/* What nodelog writes: the disk line (log_line.c), the RFC 5424 message and its TCP framing
 * (syslog_format.c), the files' names (log_name.c), sizes (log_size.c), the cursor's content
 * (log_cursor.c) and the command line (nodelog_args.c). */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "log_cursor.h"
#include "log_line.h"
#include "log_name.h"
#include "log_size.h"
#include "nodelog_args.h"
#include "syslog_format.h"

static char out[SYSLOG_FRAME_MAX + 64];

/* 2026-11-23T15:36:28Z in microseconds */
#define WALL 1795448188000000LL

static const char *line(int64_t wall, uint64_t ts, unsigned fac, unsigned lvl, const char *msg)
{
	size_t n = log_line_format(out, sizeof out, wall, ts, fac, lvl, msg, strlen(msg));

	out[n] = '\0';
	return out;
}

static void a_disk_line_has_wall_time_uptime_names_and_message(void)
{
	CHECK_STR(line(WALL + 123456, 12345678, 1, 6, "ntp[230]: nodetime: clock stepped"),
		  "2026-11-23T15:36:28.123456Z 12.345678 user.info ntp[230]: nodetime: clock stepped\n");
	CHECK_STR(line(0, 0, 0, 0, "Linux version"), "1970-01-01T00:00:00.000000Z 0.000000 kern.emerg Linux version\n");
}

static void every_facility_and_level_has_its_name(void)
{
	static const char *const fac[] = { "kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
		"news", "uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0",
		"local1", "local2", "local3", "local4", "local5", "local6", "local7" };
	static const char *const lvl[] = { "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug" };
	unsigned i;

	for (i = 0; i < 24; i++)
		CHECK_STR(log_facility_name(i), fac[i]);
	for (i = 0; i < 8; i++)
		CHECK_STR(log_level_name(i), lvl[i]);
	CHECK_STR(log_facility_name(24), "?");
	CHECK_STR(log_level_name(8), "?");
	CHECK_CONTAINS(line(WALL, 1, 10, 4, "x"), " authpriv.warning x\n");
	CHECK_CONTAINS(line(WALL, 1, 23, 7, "x"), " local7.debug x\n");
}

static void the_uptime_is_the_records_own_to_the_microsecond(void)
{
	CHECK_CONTAINS(line(WALL, 1, 1, 6, "x"), "Z 0.000001 user");
	CHECK_CONTAINS(line(WALL, 86400000001ULL, 1, 6, "x"), "Z 86400.000001 user");
	CHECK_CONTAINS(line(WALL, UINT64_MAX, 1, 6, "x"), "Z 18446744073709.551615 user");
}

static void a_wall_time_out_of_range_is_a_dash(void)
{
	CHECK_STR(line(LOG_WALL_NONE, 5, 1, 6, "m"), "- 0.000005 user.info m\n");
	CHECK_STR(line(253402300800000000LL, 5, 1, 6, "m"), "- 0.000005 user.info m\n");
	CHECK_STR(line(253402300799999999LL, 5, 1, 6, "m"), "9999-12-31T23:59:59.999999Z 0.000005 user.info m\n");
	/* before 1970 (a clock stepped back): still a real time */
	CHECK_STR(line(-1, 5, 1, 6, "m"), "1969-12-31T23:59:59.999999Z 0.000005 user.info m\n");
}

static void bytes_outside_printable_ascii_are_escaped(void)
{
	size_t n = log_line_format(out, sizeof out, 0, 0, 1, 6, "a\nb\x01\xff\x7f", 6);

	out[n] = '\0';
	CHECK_STR(out, "1970-01-01T00:00:00.000000Z 0.000000 user.info a\\x0ab\\x01\\xff\\x7f\n");
}

static void a_long_message_is_cut_and_says_so(void)
{
	static char msg[3000];
	size_t n, i;

	memset(msg, 'm', sizeof msg - 1);
	n = log_line_format(out, sizeof out, WALL, 1, 1, 6, msg, strlen(msg));
	CHECK(n <= LOG_LINE_MAX);
	out[n] = '\0';
	CHECK_CONTAINS(out, " [cut 1975 bytes]\n");
	/* exactly LOG_LINE_MSG_MAX bytes kept, an escape never split */
	for (i = 0; i < sizeof msg - 1; i++)
		msg[i] = '\x01';
	n = log_line_format(out, sizeof out, WALL, 1, 1, 6, msg, strlen(msg));
	out[n] = '\0';
	CHECK(n <= LOG_LINE_MAX);
	CHECK_CONTAINS(out, "\\x01 [cut 2743 bytes]\n");	/* 1024 / 4 = 256 kept */
}

static void a_line_needs_room(void)
{
	char small[LOG_LINE_MAX - 1];

	CHECK_INT(log_line_format(small, sizeof small, 0, 0, 1, 6, "x", 1), 0);
}

static struct syslog_origin origin = { "node-7", "3.0.0" };

static const char *syslog(size_t cap, const struct syslog_msg *m)
{
	size_t n = syslog_format(out, cap, &origin, m);

	out[n] = '\0';
	return out;
}

static void a_record_becomes_rfc5424(void)
{
	struct syslog_msg m = { 1, 6, "ntp", "230", 1, 4711, 12345678, "clock stepped", 13 };

	CHECK_STR(syslog(SYSLOG_UDP_MAX, &m),
		  "<14>1 - node-7 ntp 230 - [meta sequenceId=\"4712\" sysUpTime=\"1234\"][origin software=\"node\" swVersion=\"3.0.0\"] clock stepped");
}

static void missing_fields_are_the_nilvalue(void)
{
	struct syslog_msg m = { 0, 3, NULL, "", 1, 0, 0, "", 0 };
	struct syslog_origin none = { "", "" };
	size_t n = syslog_format(out, SYSLOG_UDP_MAX, &none, &m);

	out[n] = '\0';
	CHECK_STR(out, "<3>1 - - - - - [meta sequenceId=\"1\" sysUpTime=\"0\"][origin software=\"node\"] ");
}

static void own_records_carry_no_sequence_id(void)
{
	struct syslog_msg m = { 5, 4, "nodelog", "99", 0, 0, 200000, "3 records lost", 14 };

	CHECK_STR(syslog(SYSLOG_UDP_MAX, &m),
		  "<44>1 - node-7 nodelog 99 - [meta sysUpTime=\"20\"][origin software=\"node\" swVersion=\"3.0.0\"] 3 records lost");
}

static void the_sequence_id_wraps_from_2147483647_to_1(void)
{
	CHECK_INT(syslog_sequence_id(0), 1);
	CHECK_INT(syslog_sequence_id(2147483646), 2147483647);
	CHECK_INT(syslog_sequence_id(2147483647), 1);
	CHECK_INT(syslog_sequence_id(UINT64_MAX), UINT64_MAX % 2147483647 + 1);
}

static void sys_up_time_is_hundredths_in_32_bits(void)
{
	struct syslog_msg m = { 1, 6, "a", NULL, 0, 0, 42949672960000ULL + 990000, "", 0 };

	/* 2^32 hundredths + 99: TimeTicks wrapped once */
	CHECK_CONTAINS(syslog(SYSLOG_UDP_MAX, &m), "sysUpTime=\"99\"");
}

static void header_fields_are_printusascii_within_their_limits(void)
{
	char host[300], app[80];
	struct syslog_msg m = { 1, 6, app, "1 2", 0, 0, 0, "x", 1 };
	struct syslog_origin o;

	memset(host, 'h', sizeof host);
	host[0] = ' ';
	host[1] = '\x80';
	host[sizeof host - 1] = '\0';
	memset(app, 'a', sizeof app);
	app[sizeof app - 1] = '\0';
	syslog_field(o.hostname, SYSLOG_HOSTNAME_MAX, host, strlen(host));
	CHECK_INT(strlen(o.hostname), 255);
	CHECK(memcmp(o.hostname, "__hh", 4) == 0);
	snprintf(o.sw_version, sizeof o.sw_version, "1.0");
	syslog_format(out, SYSLOG_UDP_MAX, &o, &m);
	CHECK_CONTAINS(out, " aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1_2 - [meta");	/* 48 a's */
}

static void sd_param_values_are_escaped(void)
{
	struct syslog_origin o = { "h", "1\"2\\3]4" };
	struct syslog_msg m = { 1, 6, "a", NULL, 0, 0, 0, "", 0 };
	char esc[16];

	syslog_format(out, SYSLOG_UDP_MAX, &o, &m);
	CHECK_CONTAINS(out, "swVersion=\"1\\\"2\\\\3\\]4\"]");
	CHECK_INT(syslog_param_escape(esc, sizeof esc, "a]b"), 4);
	CHECK_STR(esc, "a\\]b");
	CHECK_INT(syslog_param_escape(esc, 4, "a]b"), 0);	/* no room: refused, not cut */
}

static void a_datagram_is_cut_at_2048_bytes(void)
{
	static char text[4000];
	struct syslog_msg m = { 1, 6, "svc", "1", 1, 1, 1, text, sizeof text };
	size_t n;

	memset(text, 't', sizeof text);
	n = syslog_format(out, SYSLOG_UDP_MAX, &origin, &m);
	CHECK_INT(n, SYSLOG_UDP_MAX);
	CHECK(out[n - 1] == 't');
	/* TCP takes all of it */
	n = syslog_format(out, SYSLOG_TCP_MAX, &origin, &m);
	CHECK(n > sizeof text && n < SYSLOG_TCP_MAX);
}

static void the_message_is_escaped_like_the_disk_line(void)
{
	struct syslog_msg m = { 1, 6, "a", NULL, 0, 0, 0, "x\ty", 3 };

	CHECK_CONTAINS(syslog(SYSLOG_UDP_MAX, &m), "] x\\x09y");
}

static void a_small_buffer_is_refused(void)
{
	struct syslog_msg m = { 1, 6, "a", NULL, 0, 0, 0, "", 0 };

	CHECK_INT(syslog_format(out, SYSLOG_HEADER_MAX, &origin, &m), 0);
	m.facility = 24;
	CHECK_INT(syslog_format(out, SYSLOG_UDP_MAX, &origin, &m), 0);
}

static void tcp_frames_count_octets(void)
{
	char f[32];

	CHECK_INT(syslog_frame(f, sizeof f, "<14>1 - h", 9), 11);
	CHECK(memcmp(f, "9 <14>1 - h", 11) == 0);
	CHECK_INT(syslog_frame(f, 11, "<14>1 - h", 9), 11);
	CHECK_INT(syslog_frame(f, 10, "<14>1 - h", 9), 0);
	CHECK_INT(syslog_frame(f, sizeof f, "0123456789", 10), 13);
	CHECK(memcmp(f, "10 0123456789", 13) == 0);
}

static void log_file_names_round_trip(void)
{
	char name[LOG_NAME_MAX];
	unsigned b, s;

	log_name_format(name, 12, 3);
	CHECK_STR(name, "boot-000012.000003.log");
	CHECK_INT(log_name_parse(name, &b, &s), 0);
	CHECK(b == 12 && s == 3);
	log_name_format(name, 1000000, 0);
	CHECK_STR(name, "boot-1000000.000000.log");
	CHECK_INT(log_name_parse(name, &b, &s), 0);
	CHECK_INT(b, 1000000);
}

static void other_names_are_not_the_logs(void)
{
	static const char *const names[] = { "boot-00012.000003.log", "boot-000012.000003.log.gz",
		"boot-000012-000003.log", "boot-000012.00000x.log", "boot-0000012.000003.log",
		"boot-1234567890.000000.log", "Boot-000012.000003.log", "boot-000012.000003.LOG",
		"cursor", ".cursor.tmp", "boot-.log", "boot-000012..log" };
	unsigned b, s;
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (log_name_parse(names[i], &b, &s) == 0) {
			snprintf(check_why, sizeof check_why, "'%s' taken for a log file", names[i]);
			return;
		}
}

static void sizes_are_read_with_binary_suffixes(void)
{
	uint64_t v;

	CHECK_INT(log_size_parse("64k", &v), 0);
	CHECK_INT(v, 65536);
	CHECK_INT(log_size_parse("32m", &v), 0);
	CHECK_INT(v, 32ULL << 20);
	CHECK_INT(log_size_parse("4g", &v), 0);
	CHECK_INT(v, 4ULL << 30);
	CHECK_INT(log_size_parse("100000", &v), 0);
	CHECK_INT(v, 100000);
	CHECK_INT(log_size_parse("", &v), -1);
	CHECK_INT(log_size_parse("k", &v), -1);
	CHECK_INT(log_size_parse("32M", &v), -1);
	CHECK_INT(log_size_parse("32mb", &v), -1);
	CHECK_INT(log_size_parse("-1", &v), -1);
	CHECK_INT(log_size_parse(" 64k", &v), -1);
	CHECK_INT(log_size_parse("1.5g", &v), -1);
	CHECK_INT(log_size_parse("99999999999999999999", &v), -1);
	CHECK_INT(log_size_parse("9999999999g", &v), -1);
}

static void sizes_are_printed_for_people(void)
{
	char s[32];

	log_size_text(s, sizeof s, 32ULL << 20);
	CHECK_STR(s, "32 MiB");
	log_size_text(s, sizeof s, 4096);
	CHECK_STR(s, "4 KiB");
	log_size_text(s, sizeof s, 6400);
	CHECK_STR(s, "6.2 KiB");
	log_size_text(s, sizeof s, 900);
	CHECK_STR(s, "900 bytes");
	log_size_text(s, sizeof s, 4ULL << 30);
	CHECK_STR(s, "4 GiB");
}

#define BOOT_ID "7c1f0d8e-1a0f-462f-973e-690374d2b488"

static void the_cursor_round_trips(void)
{
	struct log_cursor c = { BOOT_ID, 12, 4711 }, back;
	char buf[LOG_CURSOR_MAX];
	size_t n = log_cursor_format(buf, &c);

	CHECK_INT(n, strlen("boot_id " BOOT_ID "\nboot 12\nseq 4711\n"));
	CHECK(memcmp(buf, "boot_id " BOOT_ID "\nboot 12\nseq 4711\n", n) == 0);
	CHECK_INT(log_cursor_parse(buf, n, &back), 0);
	CHECK_STR(back.boot_id, BOOT_ID);
	CHECK_INT(back.boot, 12);
	CHECK_INT(back.seq, 4711);
}

static void a_damaged_cursor_is_refused(void)
{
	static const char *const bad[] = {
		"",
		"boot_id " BOOT_ID "\nboot 12\nseq 4711",		/* cut */
		"boot_id " BOOT_ID "\nboot 12\nseq 4711\nx",		/* trailing */
		"boot_id " BOOT_ID "\nseq 4711\nboot 12\n",		/* order */
		"boot_id 7C1F0D8E-1A0F-462F-973E-690374D2B488\nboot 12\nseq 1\n",
		"boot_id " BOOT_ID "x\nboot 12\nseq 1\n",
		"boot_id " BOOT_ID "\nboot \nseq 1\n",
		"boot_id " BOOT_ID "\nboot 1000000000\nseq 1\n",	/* past nine digits */
		"boot_id " BOOT_ID "\nboot 12\nseq 12345678901234567890\n",
		"boot_id " BOOT_ID "\nboot -1\nseq 1\n",
	};
	struct log_cursor c;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (log_cursor_parse(bad[i], strlen(bad[i]), &c) == 0) {
			snprintf(check_why, sizeof check_why, "accepted damaged cursor %zu", i);
			return;
		}
}

static int args(struct nodelog_args *a, char *why, ...)
{
	char *argv[16] = { "nodelog" };
	int argc = 1;
	va_list ap;

	va_start(ap, why);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	why[0] = '\0';
	return nodelog_args_parse(argc, argv, a, why, 256);
}

static void the_command_line_is_read_with_its_defaults(void)
{
	struct nodelog_args a;
	char why[256];

	CHECK_INT(args(&a, why, "--dir", "/var/log/node", "--size", "32m", NULL), 0);
	CHECK_STR(a.dir, "/var/log/node");
	CHECK_INT(a.size, 32ULL << 20);
	CHECK_INT(a.uid, 101);
	CHECK_INT(a.gid, 101);
	CHECK_INT(a.forward, 0);
	CHECK_INT(a.ready_fd, -1);
	CHECK_STR(a.kmsg, "/dev/kmsg");
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "64k", "--user", "65534:65534", "--forward", "tcp",
		       "fd00::2", "6514", "--ready-fd", "3", "--kmsg", "/tmp/k", NULL), 0);
	CHECK_INT(a.uid, 65534);
	CHECK_INT(a.proto, LOG_FORWARD_TCP);
	CHECK_STR(a.addr, "fd00::2");
	CHECK_STR(a.port, "6514");
	CHECK_INT(a.ready_fd, 3);
	CHECK_STR(a.kmsg, "/tmp/k");
}

static void a_bad_command_line_says_what_is_wrong(void)
{
	struct nodelog_args a;
	char why[256];

	CHECK_INT(args(&a, why, "--dir", "d", "--size", "63k", NULL), -1);
	CHECK_CONTAINS(why, "--size 63k: bytes with an optional suffix k, m or g");
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "5g", NULL), -1);
	CHECK_CONTAINS(why, "from 64k to 4g");
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "4097m", NULL), -1);
	CHECK_INT(args(&a, why, "--dir", "d", NULL), -1);
	CHECK_CONTAINS(why, "--dir and --size are required");
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--user", "0:0", NULL), -1);
	CHECK_CONTAINS(why, "--user 0:0: UID:GID");
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--user", "101", NULL), -1);
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--user", "4294967295:1", NULL), -1);
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--forward", "udp", "loghost", "514", NULL), -1);
	CHECK_CONTAINS(why, "an IPv4 or IPv6 address (no names)");
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--forward", "udp", "10.0.0.1", "65536", NULL), -1);
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--forward", "udp", "10.0.0.1", "0", NULL), -1);
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--forward", "udp", "10.0.0.1", "0514", NULL), -1);
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--forward", "sctp", "10.0.0.1", "514", NULL), -1);
	CHECK_CONTAINS(why, "udp or tcp");
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--forward", "udp", "10.0.0.1", NULL), -1);
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--ready-fd", "2", NULL), -1);
	CHECK_CONTAINS(why, "from 3 to 65535");
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--size", "2m", NULL), -1);
	CHECK_CONTAINS(why, "--size given twice");
	CHECK_INT(args(&a, why, "--dir", "d", "--size", "1m", "--verbose", NULL), -1);
	CHECK_CONTAINS(why, "--verbose: unknown option");
}

int main(void)
{
	RUN(a_disk_line_has_wall_time_uptime_names_and_message);
	RUN(every_facility_and_level_has_its_name);
	RUN(the_uptime_is_the_records_own_to_the_microsecond);
	RUN(a_wall_time_out_of_range_is_a_dash);
	RUN(bytes_outside_printable_ascii_are_escaped);
	RUN(a_long_message_is_cut_and_says_so);
	RUN(a_line_needs_room);
	RUN(a_record_becomes_rfc5424);
	RUN(missing_fields_are_the_nilvalue);
	RUN(own_records_carry_no_sequence_id);
	RUN(the_sequence_id_wraps_from_2147483647_to_1);
	RUN(sys_up_time_is_hundredths_in_32_bits);
	RUN(header_fields_are_printusascii_within_their_limits);
	RUN(sd_param_values_are_escaped);
	RUN(a_datagram_is_cut_at_2048_bytes);
	RUN(the_message_is_escaped_like_the_disk_line);
	RUN(a_small_buffer_is_refused);
	RUN(tcp_frames_count_octets);
	RUN(log_file_names_round_trip);
	RUN(other_names_are_not_the_logs);
	RUN(sizes_are_read_with_binary_suffixes);
	RUN(sizes_are_printed_for_people);
	RUN(the_cursor_round_trips);
	RUN(a_damaged_cursor_is_refused);
	RUN(the_command_line_is_read_with_its_defaults);
	RUN(a_bad_command_line_says_what_is_wrong);
	return check_done();
}
