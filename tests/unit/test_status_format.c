#include "check.h"
#include "status.h"

static char line[STATUS_LINE_MAX];

static void step_detail_and_time_with_three_decimals(void)
{
	status_format(line, sizeof line, 0, "stage1", "start", 1234);
	CHECK_STR(line, "node: stage1: start (t=1.234s)\n");
	status_format(line, sizeof line, 0, "ready", "version=1.0.0 slot=a", 4005);
	CHECK_STR(line, "node: ready: version=1.0.0 slot=a (t=4.005s)\n");
	status_format(line, sizeof line, 0, "x", "y", 0);
	CHECK_STR(line, "node: x: y (t=0.000s)\n");
}

static void failures_say_fail_before_the_step(void)
{
	status_format(line, sizeof line, 1, "rootfs", "mount /dev/mapper/root: Input/output error",
		      61042);
	CHECK_STR(line, "node: FAIL rootfs: mount /dev/mapper/root: Input/output error (t=61.042s)\n");
}

static void control_characters_cannot_forge_lines(void)
{
	status_format(line, sizeof line, 0, "root", "label a\nnode: ready: version=x\r", 5);
	CHECK_STR(line, "node: root: label a?node: ready: version=x? (t=0.005s)\n");
}

static void long_detail_is_cut_but_time_kept(void)
{
	char detail[2000];
	size_t n;

	memset(detail, 'x', sizeof detail - 1);
	detail[sizeof detail - 1] = '\0';
	n = status_format(line, sizeof line, 0, "s", detail, 1000);
	CHECK_INT(n, strlen(line));
	CHECK(n < sizeof line);
	CHECK(strstr(line, " (t=1.000s)\n") != NULL);
	CHECK(line[n - 1] == '\n');
}

int main(void)
{
	RUN(step_detail_and_time_with_three_decimals);
	RUN(failures_say_fail_before_the_step);
	RUN(control_characters_cannot_forge_lines);
	RUN(long_detail_is_cut_but_time_kept);
	return check_done();
}
