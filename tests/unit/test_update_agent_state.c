/* The agent's state file (floor, last result, rollbacks) and the watch's list of bundles already
 * handled: strict where it matters (the floor is never silently lost), tolerant of what a newer
 * agent adds (an older agent runs again after a rollback). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "seen_list.h"
#include "state_file.h"

static struct upd_error err;
static struct agent_state st;
static char buf[STATE_FILE_MAX];

static int parse(const char *text)
{
	return state_parse(text, strlen(text), &st, &err);
}

static void empty_state_has_no_floor_and_no_result(void)
{
	CHECK_INT(parse("nodeupdate-state 1\n"), 0);
	CHECK_INT(st.has_floor, 0);
	CHECK_INT(st.last, LAST_NONE);
}

static void every_field_round_trips(void)
{
	struct agent_state a, b;
	size_t len;

	memset(&a, 0, sizeof a);
	a.has_floor = 1;
	a.floor = (struct version){ 2, 0, 0 };
	a.last = LAST_REFUSED;
	a.has_last_version = 1;
	a.last_version = (struct version){ 1, 10, 3 };
	a.last_time = 1700000000;
	state_text_set(a.last_bundle, "/media/usb/node-1.10.3.bundle");
	state_text_set(a.last_error, "bundle x: version 1.10.3 is below the anti-rollback floor 2.0.0");
	a.has_rolled_back = 1;
	a.rolled_back = (struct version){ 3, 0, 0 };
	a.rolled_back_time = 1700000100;
	CHECK_INT(state_format(&a, buf, sizeof buf, &len, &err), 0);
	CHECK_INT(state_parse(buf, len, &b, &err), 0);
	CHECK_INT(b.has_floor, 1);
	CHECK_INT(version_compare(&b.floor, &a.floor), 0);
	CHECK_INT(b.last, LAST_REFUSED);
	CHECK_INT(version_compare(&b.last_version, &a.last_version), 0);
	CHECK_INT(b.last_time, 1700000000);
	CHECK_STR(b.last_bundle, a.last_bundle);
	CHECK_STR(b.last_error, a.last_error);
	CHECK_INT(version_compare(&b.rolled_back, &a.rolled_back), 0);
	CHECK_INT(b.rolled_back_time, 1700000100);
}

static void unknown_keys_from_a_newer_agent_are_ignored(void)
{
	CHECK_INT(parse("nodeupdate-state 1\nfloor 2.0.0\nhealth-checks 3\n"), 0);
	CHECK_INT(st.has_floor, 1);
	CHECK_INT(st.floor.major, 2);
}

static void a_repeated_key_is_refused(void)
{
	CHECK_INT(parse("nodeupdate-state 1\nfloor 2.0.0\nfloor 1.0.0\n"), -1);
	CHECK_CONTAINS(err.msg, "twice");
}

static void a_bad_floor_is_refused_not_dropped(void)
{
	CHECK_INT(parse("nodeupdate-state 1\nfloor 2.0\n"), -1);
	CHECK_CONTAINS(err.msg, "line 2");
	CHECK_INT(parse("nodeupdate-state 1\nfloor 02.0.0\n"), -1);
}

static void a_wrong_first_line_is_refused(void)
{
	CHECK_INT(parse("nodeupdate-state 2\nfloor 2.0.0\n"), -1);
	CHECK_INT(parse("floor 2.0.0\n"), -1);
	CHECK_INT(parse(""), -1);
}

static void missing_final_newline_and_control_bytes_are_refused(void)
{
	CHECK_INT(parse("nodeupdate-state 1\nfloor 2.0.0"), -1);
	CHECK_INT(parse("nodeupdate-state 1\r\nfloor 2.0.0\n"), -1);
	CHECK_INT(state_parse("nodeupdate-state 1\n\0", 20, &st, &err), -1);
}

static void unknown_result_and_bad_times_are_refused(void)
{
	CHECK_INT(parse("nodeupdate-state 1\nlast-result maybe\n"), -1);
	CHECK_INT(parse("nodeupdate-state 1\nlast-time -1\n"), -1);
	CHECK_INT(parse("nodeupdate-state 1\nlast-time 12x\n"), -1);
	CHECK_INT(parse("nodeupdate-state 1\nfloor\n"), -1);
}

static void error_text_is_made_printable_and_bounded(void)
{
	char big[1000];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	big[3] = '\n';
	state_text_set(st.last_error, big);
	CHECK_INT(strlen(st.last_error), STATE_TEXT_MAX);
	CHECK(st.last_error[3] == '?');
}

static void state_is_saved_and_loaded_from_a_directory(void)
{
	char dir[] = "/tmp/nu-state-XXXXXX";
	struct agent_state a, b;

	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(state_load(dir, &b, &err), 0);   /* missing = new node */
	CHECK_INT(b.has_floor, 0);
	memset(&a, 0, sizeof a);
	a.has_floor = 1;
	a.floor = (struct version){ 4, 5, 6 };
	CHECK_INT(state_save(dir, &a, &err), 0);
	CHECK_INT(state_load(dir, &b, &err), 0);
	CHECK_INT(b.floor.minor, 5);
	{
		char cmd[200];

		/* a corrupt file is an error naming the floor, never an empty state */
		snprintf(cmd, sizeof cmd, "printf 'garbage\\n' > %s/state", dir);
		CHECK_INT(system(cmd), 0);
		CHECK_INT(state_load(dir, &b, &err), -1);
		CHECK_CONTAINS(err.msg, "anti-rollback floor");
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		CHECK_INT(system(cmd), 0);
	}
}

static const uint8_t sha1[32] = { 1, 2, 3 }, sha2[32] = { 9, 9, 9 };

static void seen_list_finds_what_was_added(void)
{
	static char out[SEEN_FILE_MAX];
	size_t n = seen_list_add("", 0, sha1, "installed", 1700000000, "node-2.0.0.bundle", out,
				 sizeof out);

	CHECK(n > 64);
	CHECK_INT(seen_list_has(out, n, sha1), 1);
	CHECK_INT(seen_list_has(out, n, sha2), 0);
	CHECK_CONTAINS(out, " installed 1700000000 node-2.0.0.bundle\n");
}

static void seen_list_keeps_the_newest_entries(void)
{
	static char a[SEEN_FILE_MAX], b[SEEN_FILE_MAX];
	uint8_t sha[32] = { 0 };
	size_t n = 0;
	unsigned i, lines = 0;

	for (i = 0; i < SEEN_MAX + 10; i++) {
		sha[0] = (uint8_t)i;
		sha[1] = (uint8_t)(i >> 8);
		n = seen_list_add(a, n, sha, "rejected", i, "x.bundle", b, sizeof b);
		memcpy(a, b, n);
	}
	for (i = 0; i < n; i++)
		lines += a[i] == '\n';
	CHECK_INT(lines, SEEN_MAX);
	sha[0] = 0;
	sha[1] = 0;
	CHECK_INT(seen_list_has(a, n, sha), 0);   /* the oldest went */
	sha[0] = (uint8_t)(SEEN_MAX + 9);
	sha[1] = (uint8_t)((SEEN_MAX + 9) >> 8);
	CHECK_INT(seen_list_has(a, n, sha), 1);
}

static void seen_list_names_are_sanitised(void)
{
	static char out[SEEN_FILE_MAX];
	size_t n = seen_list_add("", 0, sha1, "rejected", 1, "a b\nc.bundle", out, sizeof out);

	CHECK_INT(out[n - 1], '\n');
	CHECK_CONTAINS(out, "a?b?c.bundle\n");
}

int main(void)
{
	RUN(empty_state_has_no_floor_and_no_result);
	RUN(every_field_round_trips);
	RUN(unknown_keys_from_a_newer_agent_are_ignored);
	RUN(a_repeated_key_is_refused);
	RUN(a_bad_floor_is_refused_not_dropped);
	RUN(a_wrong_first_line_is_refused);
	RUN(missing_final_newline_and_control_bytes_are_refused);
	RUN(unknown_result_and_bad_times_are_refused);
	RUN(error_text_is_made_printable_and_bounded);
	RUN(state_is_saved_and_loaded_from_a_directory);
	RUN(seen_list_finds_what_was_added);
	RUN(seen_list_keeps_the_newest_entries);
	RUN(seen_list_names_are_sanitised);
	return check_done();
}
