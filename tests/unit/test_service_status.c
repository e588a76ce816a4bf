#include "check.h"
#include "service_status.h"

static char out[SERVICE_STATUS_FILE_MAX];

static void one_line_per_service_in_table_order(void)
{
	const struct service_status rows[] = {
		{ "containerd", SVC_UP, 412, 0, -1 },
		{ "setup", SVC_DONE, 0, 0, 0 },
		{ "agent", SVC_DOWN, 0, 3, 1 },
		{ "sleeper", SVC_STARTING, 977, 1, 137 },
		{ "broken", SVC_FAILED, 0, 4, 125 },
	};
	int n = service_status_format(out, sizeof out, rows, 5);

	CHECK_STR(out, "containerd up 412 0 -\n"
		       "setup done - 0 0\n"
		       "agent down - 3 1\n"
		       "sleeper starting 977 1 137\n"
		       "broken failed - 4 125\n");
	CHECK_INT(n, strlen(out));
}

static void every_state_has_its_word(void)
{
	CHECK_STR(service_state_name(SVC_STARTING), "starting");
	CHECK_STR(service_state_name(SVC_UP), "up");
	CHECK_STR(service_state_name(SVC_DOWN), "down");
	CHECK_STR(service_state_name(SVC_DONE), "done");
	CHECK_STR(service_state_name(SVC_FAILED), "failed");
	CHECK(service_state_name((enum service_state)99) == NULL);
}

static void no_services_is_an_empty_file(void)
{
	CHECK_INT(service_status_format(out, sizeof out, NULL, 0), 0);
	CHECK_STR(out, "");
}

static void the_longest_line_fits_its_macro(void)
{
	static const char name[] = "abcdefghijabcdefghijabcdefghija";	/* SERVICE_NAME_MAX */
	const struct service_status row = { name, SVC_STARTING, 2147483647, 4294967295u, 2147483647 };
	char line[SERVICE_STATUS_LINE_MAX + 1];
	int n = service_status_format(line, sizeof line, &row, 1);

	CHECK_INT(sizeof name - 1, SERVICE_NAME_MAX);
	CHECK(n > 0);
	CHECK_INT(n, strlen(line));
	CHECK(line[n - 1] == '\n');
}

static void too_small_a_buffer_fails_cleanly(void)
{
	const struct service_status rows[] = {
		{ "a", SVC_UP, 1, 0, -1 },
		{ "b", SVC_UP, 2, 0, -1 },
	};

	CHECK_INT(service_status_format(out, 15, rows, 2), -1);
	CHECK_STR(out, "a up 1 0 -\n");	/* cut at a whole line, never half of one */
	CHECK_INT(service_status_format(out, 5, rows, 2), -1);
	CHECK_STR(out, "");
	CHECK_INT(service_status_format(out, 0, rows, 2), -1);
}

static void names_that_would_break_the_format_are_refused(void)
{
	struct service_status row = { "two words", SVC_UP, 1, 0, -1 };

	CHECK_INT(service_status_format(out, sizeof out, &row, 1), -1);
	row.name = "nl\n";
	CHECK_INT(service_status_format(out, sizeof out, &row, 1), -1);
	row.name = "";
	CHECK_INT(service_status_format(out, sizeof out, &row, 1), -1);
	row.name = NULL;
	CHECK_INT(service_status_format(out, sizeof out, &row, 1), -1);
	row.name = "ok";
	row.state = (enum service_state)7;
	CHECK_INT(service_status_format(out, sizeof out, &row, 1), -1);
}

int main(void)
{
	RUN(one_line_per_service_in_table_order);
	RUN(every_state_has_its_word);
	RUN(no_services_is_an_empty_file);
	RUN(the_longest_line_fits_its_macro);
	RUN(too_small_a_buffer_fails_cleanly);
	RUN(names_that_would_break_the_format_are_refused);
	return check_done();
}
