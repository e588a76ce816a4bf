#include "check.h"
#include "services.h"

static struct services_table t;
static char err[256];

static int parse(const char *s)
{
	err[0] = '\0';
	return services_parse(s, strlen(s), &t, err, sizeof err);
}

static void good_file_gives_the_table_in_order(void)
{
	CHECK_INT(parse("# node services\n"
			"\n"
			"setup once /usr/lib/node/first-boot --quiet\n"
			"containerd notify /usr/bin/containerd --config /etc/containerd/config.toml\n"
			"   \t\n"
			"shell console,notify /bin/sh -l\n"
			"agent - /usr/sbin/node-agent\n"), 0);
	CHECK_INT(t.count, 4);
	CHECK_STR(t.svc[0].name, "setup");
	CHECK_INT(t.svc[0].flags, SERVICE_ONCE);
	CHECK_INT(t.svc[0].argc, 2);
	CHECK_STR(t.svc[0].argv[0], "/usr/lib/node/first-boot");
	CHECK_STR(t.svc[0].argv[1], "--quiet");
	CHECK(t.svc[0].argv[2] == NULL);
	CHECK_INT(t.svc[0].lineno, 3);
	CHECK_STR(t.svc[1].name, "containerd");
	CHECK_INT(t.svc[1].flags, SERVICE_NOTIFY);
	CHECK_INT(t.svc[1].argc, 3);
	CHECK_STR(t.svc[1].argv[2], "/etc/containerd/config.toml");
	CHECK_INT(t.svc[2].flags, SERVICE_CONSOLE | SERVICE_NOTIFY);
	CHECK_INT(t.svc[2].lineno, 6);
	CHECK_STR(t.svc[3].name, "agent");
	CHECK_INT(t.svc[3].flags, 0);
	CHECK_INT(t.svc[3].argc, 1);
	CHECK(t.svc[3].argv[1] == NULL);
}

static void empty_file_means_no_services(void)
{
	CHECK_INT(parse(""), 0);
	CHECK_INT(t.count, 0);
	CHECK_INT(parse("# nothing\n\n"), 0);
	CHECK_INT(t.count, 0);
}

static void seventeen_services_are_too_many(void)
{
	char buf[4096];
	size_t o = 0;
	int i;

	for (i = 0; i < SERVICES_MAX; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "s%d - /bin/true\n", i);
	CHECK_INT(parse(buf), 0);
	CHECK_INT(t.count, SERVICES_MAX);
	snprintf(buf + o, sizeof buf - o, "# filler\ns16 - /bin/true\n");
	CHECK_INT(parse(buf), -1);
	CHECK_CONTAINS(err, "line 18");
	CHECK_CONTAINS(err, "more than 16 services");
}

static void seventeen_arguments_are_too_many(void)
{
	CHECK_INT(parse("x - /bin/echo 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n"), 0);
	CHECK_INT(t.svc[0].argc, 16);
	CHECK_INT(parse("ok - /bin/true\nx - /bin/echo 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"), -1);
	CHECK_CONTAINS(err, "line 2");
	CHECK_CONTAINS(err, "arguments");
}

static void overlong_line_is_rejected(void)
{
	char buf[600];

	memset(buf, 'a', sizeof buf);
	memcpy(buf, "x - /bin/", 9);
	buf[SERVICE_LINE_MAX + 1] = '\n';
	buf[SERVICE_LINE_MAX + 2] = '\0';
	CHECK_INT(parse(buf), -1);
	CHECK_CONTAINS(err, "line 1");
	CHECK_CONTAINS(err, "longer than 256");
	buf[SERVICE_LINE_MAX] = '\n';	/* exactly 256 bytes fits */
	buf[SERVICE_LINE_MAX + 1] = '\0';
	CHECK_INT(parse(buf), 0);
}

static void unknown_or_malformed_flags_are_rejected(void)
{
	CHECK_INT(parse("a - /bin/true\nb restart /bin/true\n"), -1);
	CHECK_CONTAINS(err, "line 2");
	CHECK_CONTAINS(err, "unknown flag 'restart'");
	CHECK_INT(parse("b notify, /bin/true\n"), -1);
	CHECK_CONTAINS(err, "empty flag");
	CHECK_INT(parse("b -,once /bin/true\n"), -1);
	CHECK_INT(parse("b ,once /bin/true\n"), -1);
	CHECK_INT(parse("b notify,once /bin/true\n"), -1);
	CHECK_CONTAINS(err, "exclude");
}

static void after_ready_flag_is_read_alone_and_with_once_or_console(void)
{
	CHECK_INT(parse("app notify /usr/bin/app\n"
			"boot-ok once,after-ready /usr/sbin/nodeupdate boot-ok\n"
			"report after-ready /usr/sbin/reporter\n"
			"late after-ready,console /bin/sh\n"), 0);
	CHECK_INT(t.count, 4);
	CHECK_INT(t.svc[1].flags, SERVICE_ONCE | SERVICE_AFTER_READY);
	CHECK_STR(t.svc[1].argv[0], "/usr/sbin/nodeupdate");
	CHECK_STR(t.svc[1].argv[1], "boot-ok");
	CHECK_INT(t.svc[2].flags, SERVICE_AFTER_READY);
	CHECK_INT(t.svc[3].flags, SERVICE_AFTER_READY | SERVICE_CONSOLE);
	CHECK_INT(parse("boot-ok after-ready,once /usr/sbin/nodeupdate boot-ok\n"), 0);
	CHECK_INT(t.svc[0].flags, SERVICE_ONCE | SERVICE_AFTER_READY);
}

static void after_ready_with_notify_is_rejected(void)
{
	CHECK_INT(parse("a - /bin/true\nx after-ready,notify /bin/x\n"), -1);
	CHECK_CONTAINS(err, "line 2");
	CHECK_CONTAINS(err, "notify and after-ready exclude each other");
	CHECK_INT(parse("x notify,after-ready /bin/x\n"), -1);
	CHECK_CONTAINS(err, "exclude");
}

static void after_ready_must_be_spelled_exactly(void)
{
	CHECK_INT(parse("x after_ready /bin/x\n"), -1);
	CHECK_CONTAINS(err, "unknown flag 'after_ready'");
	CHECK_CONTAINS(err, "after-ready, secrets)");
	CHECK_INT(parse("x after /bin/x\n"), -1);
	CHECK_INT(parse("x after-ready, /bin/x\n"), -1);
	CHECK_CONTAINS(err, "empty flag");
}

static void secrets_flag_parses(void)
{
	CHECK_INT(parse("containerd secrets /usr/bin/containerd --config /run/secrets/c.toml\n"
			"w after-ready,secrets /bin/w\n"), 0);
	CHECK_INT(t.svc[0].flags, SERVICE_SECRETS);
	CHECK_INT(t.svc[1].flags, SERVICE_AFTER_READY | SERVICE_SECRETS);
	CHECK_INT(parse("x secret /bin/x\n"), -1);
	CHECK_CONTAINS(err, "unknown flag 'secret'");
}

static void relative_program_path_is_rejected(void)
{
	CHECK_INT(parse("\n\nsh - bin/sh\n"), -1);
	CHECK_CONTAINS(err, "line 3");
	CHECK_CONTAINS(err, "absolute");
}

static void missing_fields_are_rejected(void)
{
	CHECK_INT(parse("sh -\n"), -1);
	CHECK_CONTAINS(err, "line 1");
	CHECK_CONTAINS(err, "expected");
}

static void bad_or_duplicate_names_are_rejected(void)
{
	CHECK_INT(parse("-x - /bin/true\n"), -1);
	CHECK_CONTAINS(err, "bad service name");
	CHECK_INT(parse("a/b - /bin/true\n"), -1);
	CHECK_INT(parse("abcdefghijabcdefghijabcdefghijab - /bin/true\n"), -1);
	CHECK_INT(parse("sh - /bin/sh\n# again\nsh - /bin/ash\n"), -1);
	CHECK_CONTAINS(err, "line 3");
	CHECK_CONTAINS(err, "line 1");
}

static void control_characters_are_rejected(void)
{
	CHECK_INT(parse("a - /bin/true\x01\n"), -1);
	CHECK_CONTAINS(err, "line 1");
	CHECK_CONTAINS(err, "control character");
}

int main(void)
{
	RUN(good_file_gives_the_table_in_order);
	RUN(empty_file_means_no_services);
	RUN(seventeen_services_are_too_many);
	RUN(seventeen_arguments_are_too_many);
	RUN(overlong_line_is_rejected);
	RUN(unknown_or_malformed_flags_are_rejected);
	RUN(after_ready_flag_is_read_alone_and_with_once_or_console);
	RUN(after_ready_with_notify_is_rejected);
	RUN(after_ready_must_be_spelled_exactly);
	RUN(secrets_flag_parses);
	RUN(relative_program_path_is_rejected);
	RUN(missing_fields_are_rejected);
	RUN(bad_or_duplicate_names_are_rejected);
	RUN(control_characters_are_rejected);
	return check_done();
}
