/* The three views of a state: exposition format (HELP/TYPE, escaping, absent when unknown),
 * JSON (valid, escaped, null when unknown), and the text for people. */
#include <stdlib.h>

#include "check.h"
#include "ns_out.h"

static struct node_state st;
static char buf[NS_OUT_MAX];
static struct ns_out o;

static void full_state(void)
{
	unsigned i;

	memset(&st, 0, sizeof st);
	for (i = 0; i < NS_SRC_COUNT; i++)
		st.known[i] = 1;
	strcpy(st.version, "1.0.0");
	st.slot = 'a';
	st.trial = 1;
	st.counting = 1;
	st.tries_left = 2;
	st.tries_done = 1;
	st.update = NS_UPD_OK;
	st.update_time = 1700000000;
	strcpy(st.update_version, "2.0.0");
	strcpy(st.svc[0].name, "containerd");
	strcpy(st.svc[0].state, "up");
	strcpy(st.svc[1].name, "ntp");
	strcpy(st.svc[1].state, "down");
	st.svc[1].restarts = 3;
	st.nsvc = 2;
	st.fw.have_table = 1;
	strcpy(st.fw.counter[0].name, "output-drop-v4");
	st.fw.counter[0].packets = 12;
	st.fw.counter[0].bytes = 1008;
	st.fw.counters = 1;
	st.uptime_ms = 12345670;
	st.mem_total = 2048;
	st.mem_available = 1024;
	st.var_size = 4096;
	st.var_free = 1000;
	st.var_used = 3000;
}

static const char *metrics(void)
{
	ns_out_init(&o, buf, sizeof buf);
	ns_format_metrics(&o, &st);
	return ns_out_ok(&o) ? buf : "OVERFLOW";
}

static const char *json(void)
{
	ns_out_init(&o, buf, sizeof buf);
	ns_format_json(&o, &st);
	return ns_out_ok(&o) ? buf : "OVERFLOW";
}

static void metrics_hold_every_value_with_help_and_type(void)
{
	full_state();
	metrics();
	CHECK_CONTAINS(buf, "# HELP node_info ");
	CHECK_CONTAINS(buf, "# TYPE node_info gauge\nnode_info{version=\"1.0.0\",slot=\"a\"} 1\n");
	CHECK_CONTAINS(buf, "node_trial_boot 1\n");
	CHECK_CONTAINS(buf, "node_boot_tries_left 2\n");
	CHECK_CONTAINS(buf, "node_update_last_result{result=\"ok\"} 1\n");
	CHECK_CONTAINS(buf, "node_update_last_result{result=\"failed\"} 0\n");
	CHECK_CONTAINS(buf, "node_update_last_timestamp_seconds 1700000000\n");
	CHECK_CONTAINS(buf, "# TYPE node_firewall_drops_total counter\n");
	CHECK_CONTAINS(buf, "node_firewall_drops_total{chain=\"output-drop-v4\"} 12\n");
	CHECK_CONTAINS(buf, "node_service_up{service=\"containerd\"} 1\n");
	CHECK_CONTAINS(buf, "node_service_up{service=\"ntp\"} 0\n");
	CHECK_CONTAINS(buf, "# TYPE node_service_restarts_total counter\n");
	CHECK_CONTAINS(buf, "node_service_restarts_total{service=\"ntp\"} 3\n");
	CHECK_CONTAINS(buf, "node_uptime_seconds 12345.670\n");
	CHECK_CONTAINS(buf, "node_memory_total_bytes 2048\n");
	CHECK_CONTAINS(buf, "node_memory_available_bytes 1024\n");
	CHECK_CONTAINS(buf, "node_var_size_bytes 4096\n");
	CHECK_CONTAINS(buf, "node_var_free_bytes 1000\n");
	CHECK(strstr(buf, "node_scrape_errors{") == NULL);
}

static void every_sample_follows_its_help_and_type(void)
{
	const char *p;

	full_state();
	metrics();
	/* each "# TYPE x" is right after "# HELP x ...", and each sample line names a TYPEd metric */
	for (p = buf; *p != '\0'; p = strchr(p, '\n') + 1) {
		char name[128];
		size_t n = strcspn(p, "{ \n");

		if (p[0] == '#')
			continue;
		CHECK(n > 0 && n < sizeof name);
		snprintf(name, sizeof name, "# TYPE %.*s ", (int)n, p);
		CHECK_CONTAINS(buf, name);
	}
	CHECK(strstr(buf, "\n\n") == NULL);
	CHECK(buf[strlen(buf) - 1] == '\n');
}

static void unknown_sources_are_absent_and_reported(void)
{
	full_state();
	ns_fail(&st, NS_SRC_MEMORY, "/proc/meminfo does not exist");
	ns_fail(&st, NS_SRC_VERSION, "x");
	ns_fail(&st, NS_SRC_FIREWALL, "nft: exit status 1");
	metrics();
	CHECK(strstr(buf, "node_memory_total_bytes 0") == NULL);
	CHECK(strstr(buf, "\nnode_memory_total_bytes ") == NULL);
	CHECK(strstr(buf, "\nnode_firewall_drops_total{") == NULL);
	CHECK_CONTAINS(buf, "# TYPE node_memory_total_bytes gauge\n");
	CHECK_CONTAINS(buf, "node_info{version=\"unknown\",slot=\"a\"} 1\n");
	CHECK_CONTAINS(buf, "node_scrape_errors{source=\"meminfo\"} 1\n");
	CHECK_CONTAINS(buf, "node_scrape_errors{source=\"os-release\"} 1\n");
	CHECK_CONTAINS(buf, "node_scrape_errors{source=\"firewall\"} 1\n");
}

static void label_values_are_escaped(void)
{
	full_state();
	strcpy(st.version, "1\"2\\3\n4\x01\xc3");
	strcpy(st.svc[0].name, "a\"b");
	metrics();
	CHECK_CONTAINS(buf, "node_info{version=\"1\\\"2\\\\3\\n4??\",slot=\"a\"} 1\n");
	CHECK_CONTAINS(buf, "node_service_up{service=\"a\\\"b\"} 1\n");
}

static void overflow_is_reported_not_truncated(void)
{
	char small[64];

	full_state();
	ns_out_init(&o, small, sizeof small);
	ns_format_metrics(&o, &st);
	CHECK(!ns_out_ok(&o));
	CHECK(strlen(small) < sizeof small);
}

static void json_holds_every_value(void)
{
	full_state();
	json();
	CHECK_CONTAINS(buf, "\"version\":\"1.0.0\",\"slot\":\"a\",\"trial_boot\":true,"
		       "\"boot_counting\":true,\"boot_tries_left\":2,\"boot_tries_done\":1,");
	CHECK_CONTAINS(buf, "\"update\":{\"last_result\":\"ok\",\"last_time\":1700000000,"
		       "\"last_version\":\"2.0.0\",\"last_error\":null}");
	CHECK_CONTAINS(buf, "{\"name\":\"ntp\",\"state\":\"down\",\"up\":false,\"restarts\":3}");
	CHECK_CONTAINS(buf, "\"drops\":{\"output-drop-v4\":{\"packets\":12,\"bytes\":1008}}");
	CHECK_CONTAINS(buf, "\"uptime_seconds\":12345.670,");
	CHECK_CONTAINS(buf, "\"errors\":{}}\n");
}

static void json_nulls_unknowns_and_escapes_strings(void)
{
	full_state();
	ns_fail(&st, NS_SRC_SLOT, "bad \"slot\"\\\n\x7f\xff");
	ns_fail(&st, NS_SRC_UPDATE, "corrupt");
	st.known[NS_SRC_MEMORY] = 0;
	strcpy(st.update_error, "tab\there");
	json();
	CHECK_CONTAINS(buf, "\"slot\":null,");
	CHECK_CONTAINS(buf, "\"update\":null,");
	CHECK_CONTAINS(buf, "\"memory_total_bytes\":null,");
	CHECK_CONTAINS(buf, "\"booted-slot\":\"bad \\\"slot\\\"\\\\\\u000a??\"");
}

static void json_is_valid_for_python(void)
{
	FILE *f;

	full_state();
	ns_fail(&st, NS_SRC_SLOT, "q\"\\\n\x01\x80");
	strcpy(st.svc[0].name, "x\"y");
	json();
	f = popen("python3 -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null", "w");
	CHECK(f != NULL);
	CHECK(fwrite(buf, 1, strlen(buf), f) == strlen(buf));
	CHECK_INT(pclose(f), 0);
}

static void text_has_short_aligned_lines(void)
{
	full_state();
	ns_fail(&st, NS_SRC_UPTIME, "/proc/uptime does not exist");
	ns_out_init(&o, buf, sizeof buf);
	ns_format_text(&o, &st);
	CHECK(ns_out_ok(&o));
	CHECK_CONTAINS(buf, "version    1.0.0\n");
	CHECK_CONTAINS(buf, "slot       a\n");
	CHECK_CONTAINS(buf, "boot       trial, 2 tries left, 1 done\n");
	CHECK_CONTAINS(buf, "services   containerd       up       0 restarts\n");
	CHECK_CONTAINS(buf, "           ntp              down     3 restarts\n");
	CHECK_CONTAINS(buf, "firewall   in force;");
	CHECK_CONTAINS(buf, "output-drop-v4");
	CHECK_CONTAINS(buf, "update     ok, version 2.0.0 at 2023-11-14T22:13:20Z\n");
	CHECK_CONTAINS(buf, "uptime     unknown (/proc/uptime does not exist)\n");
}

int main(void)
{
	RUN(metrics_hold_every_value_with_help_and_type);
	RUN(every_sample_follows_its_help_and_type);
	RUN(unknown_sources_are_absent_and_reported);
	RUN(label_values_are_escaped);
	RUN(overflow_is_reported_not_truncated);
	RUN(json_holds_every_value);
	RUN(json_nulls_unknowns_and_escapes_strings);
	RUN(json_is_valid_for_python);
	RUN(text_has_short_aligned_lines);
	return check_done();
}
