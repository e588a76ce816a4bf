#include "check.h"
#include "fw_listing.h"

static struct fw_report r;

static const char listing[] =
	"table inet node {\n"
	"\tset dropped4 {\n\t\ttype ipv4_addr\n\t\tsize 256\n\t\tflags dynamic,timeout\n\t\ttimeout 1h\n"
	"\t\telements = { 192.0.2.1 timeout 1h expires 59m50s120ms, 198.51.100.7 timeout 1h expires 59m58s3ms,\n"
	"\t\t\t     203.0.113.9 timeout 1h expires 12m }\n\t}\n"
	"\tset dropped6 {\n\t\ttype ipv6_addr\n\t\tsize 256\n\t\tflags dynamic,timeout\n\t\ttimeout 1h\n"
	"\t\telements = { 2001:db8::1 timeout 1h expires 59m59s }\n\t}\n"
	"\tchain output {\n\t\ttype filter hook output priority filter; policy drop;\n"
	"\t\tmeta nfproto ipv4 counter packets 12 bytes 1008 drop comment \"output-drop-v4\"\n"
	"\t\tmeta nfproto ipv6 counter packets 3 bytes 312 drop comment \"output-drop-v6\"\n"
	"\t}\n}\n";

static void durations(void)
{
	CHECK_INT(fw_duration_ms("1h", 2), 3600000);
	CHECK_INT(fw_duration_ms("59m58s123ms", 11), 3598123);
	CHECK_INT(fw_duration_ms("500ms", 5), 500);
	CHECK_INT(fw_duration_ms("2d3s", 4), 172803000);
	CHECK_INT(fw_duration_ms("", 0), -1);
	CHECK_INT(fw_duration_ms("12", 2), -1);
	CHECK_INT(fw_duration_ms("h", 1), -1);
	CHECK_INT(fw_duration_ms("5x", 2), -1);
	CHECK_INT(fw_duration_ms("9999999999999s", 14), -1);
}

static void counters_and_destinations(void)
{
	fw_listing_parse(listing, strlen(listing), &r);
	CHECK(r.have_table);
	CHECK_INT(r.counters, 2);
	CHECK_STR(r.counter[0].name, "output-drop-v4");
	CHECK_INT(r.counter[0].packets, 12);
	CHECK_INT(r.counter[0].bytes, 1008);
	CHECK_STR(r.counter[1].name, "output-drop-v6");
	CHECK_INT(r.timeout_ms, 3600000);
	CHECK_INT(r.ndropped, 4);
	CHECK_STR(r.dropped[0].addr, "192.0.2.1");
	CHECK_INT(r.dropped[0].expires_ms, 3590120);
	CHECK_STR(r.dropped[1].addr, "198.51.100.7");
	CHECK_STR(r.dropped[2].addr, "203.0.113.9");
	CHECK_INT(r.dropped[2].expires_ms, 720000);
	CHECK_STR(r.dropped[3].addr, "2001:db8::1");
}

static void wire_guard_counters_are_added(void)
{
	static const char wire[] =
		"table netdev node_wire {\n\tset site4 {\n\t\ttype ipv4_addr\n\t}\n"
		"\tchain egress_eth0 {\n\t\ttype filter hook egress device \"eth0\" priority filter; policy drop;\n"
		"\t\tarp daddr ip @site4 accept\n"
		"\t\tcounter packets 2 bytes 84 drop comment \"wire-drop-eth0\"\n\t}\n}\n";

	fw_listing_parse(listing, strlen(listing), &r);
	fw_listing_parse_wire(wire, strlen(wire), &r);
	CHECK(r.have_wire);
	CHECK_INT(r.counters, 3);
	CHECK_STR(r.counter[2].name, "wire-drop-eth0");
	CHECK_INT(r.counter[2].packets, 2);
	CHECK_INT(r.counter[2].bytes, 84);
	CHECK_INT(r.ndropped, 4);
	/* the inet listing is not a wire guard, and an error text adds nothing */
	fw_listing_parse_wire(listing, strlen(listing), &r);
	CHECK(!r.have_wire);
	CHECK_INT(r.counters, 3);
	fw_listing_parse_wire("Error: No such file or directory\n", 33, &r);
	CHECK(!r.have_wire);
}

static void no_table_no_report(void)
{
	fw_listing_parse("Error: No such file or directory\n", 33, &r);
	CHECK(!r.have_table);
	CHECK_INT(r.counters, 0);
}

static void every_truncation_is_safe(void)
{
	size_t n;

	/* every prefix of a real listing: no read past the length given (run under ASan to see) */
	for (n = 0; n <= strlen(listing); n++) {
		fw_listing_parse(listing, n, &r);
		CHECK(r.ndropped <= 4 && r.counters <= 2);
	}
}

static void empty_sets_and_odd_comments(void)
{
	static const char t[] = "table inet node {\n\tset dropped4 {\n\t\ttype ipv4_addr\n\t}\n"
				"\t\tcounter packets 1 bytes 2 drop comment \"\"\n"
				"\t\tcounter packets x bytes 2 drop comment \"bad-number\"\n"
				"\t\tcounter packets 1 bytes 2 drop comment \"a-name-that-is-far-too-long-to-be-kept\"\n}\n";

	fw_listing_parse(t, strlen(t), &r);
	CHECK(r.have_table);
	CHECK_INT(r.ndropped, 0);
	CHECK_INT(r.counters, 0);
}

int main(void)
{
	RUN(durations);
	RUN(counters_and_destinations);
	RUN(wire_guard_counters_are_added);
	RUN(no_table_no_report);
	RUN(every_truncation_is_safe);
	RUN(empty_sets_and_odd_comments);
	return check_done();
}
