#include "check.h"
#include "stage2_args.h"

static struct stage2_args a;
static char err[256];

#define PARSE(...) parse((char *[]){ __VA_ARGS__, NULL })

static int parse(char **argv)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	err[0] = '\0';
	return stage2_args_parse(argc, argv, &a, err, sizeof err);
}

static void slot_and_trial_are_read(void)
{
	CHECK_INT(PARSE("/sbin/init", "--slot=b", "--trial"), 0);
	CHECK_INT(a.slot, 'b');
	CHECK_INT(a.trial, 1);
	CHECK_INT(PARSE("/sbin/init", "--trial", "--slot=a"), 0);
	CHECK_INT(a.slot, 'a');
	CHECK_INT(a.trial, 1);
	CHECK_INT(PARSE("/sbin/init", "--slot=a"), 0);
	CHECK_INT(a.slot, 'a');
	CHECK_INT(a.trial, 0);
}

static void no_arguments_mean_no_slot_and_no_trial(void)
{
	CHECK_INT(PARSE("/sbin/init"), 0);
	CHECK_INT(a.slot, 0);
	CHECK_INT(a.trial, 0);
	CHECK_INT(stage2_args_parse(0, (char *[]){ NULL }, &a, err, sizeof err), 0);
	CHECK_INT(a.slot, 0);
}

static void bad_slot_values_are_rejected(void)
{
	CHECK_INT(PARSE("init", "--slot=c"), -1);
	CHECK_CONTAINS(err, "argument 1");
	CHECK_CONTAINS(err, "a or b");
	CHECK_INT(PARSE("init", "--slot="), -1);
	CHECK_INT(PARSE("init", "--slot=ab"), -1);
	CHECK_INT(PARSE("init", "--slot=A"), -1);
	CHECK_INT(PARSE("init", "--slot"), -1);
	CHECK_INT(a.slot, 0);
}

static void repeated_arguments_are_rejected(void)
{
	CHECK_INT(PARSE("init", "--slot=a", "--slot=a"), -1);
	CHECK_CONTAINS(err, "argument 2");
	CHECK_CONTAINS(err, "twice");
	CHECK_INT(PARSE("init", "--trial", "--slot=b", "--trial"), -1);
	CHECK_CONTAINS(err, "argument 3");
	CHECK_CONTAINS(err, "twice");
}

static void unknown_arguments_are_rejected(void)
{
	CHECK_INT(PARSE("init", "--slot=a", "single"), -1);
	CHECK_CONTAINS(err, "unknown 'single'");
	CHECK_INT(PARSE("init", "--trial=1"), -1);
	CHECK_INT(PARSE("init", "--TRIAL"), -1);
	CHECK_INT(PARSE("init", ""), -1);
	CHECK_INT(PARSE("init", "-t"), -1);
}

static void built_argv_parses_back_to_the_same(void)
{
	static struct stage2_args cases[] = { { .slot = 'a' }, { .slot = 'a', .trial = 1 },
					      { .slot = 'b' }, { .slot = 'b', .trial = 1 } };
	char *argv[STAGE2_ARGV_MAX];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int argc = 0;

		stage2_args_build(&cases[i], "/sbin/init", argv);
		CHECK_STR(argv[0], "/sbin/init");
		while (argv[argc] != NULL)
			argc++;
		CHECK_INT(argc, 2 + cases[i].trial);
		CHECK_INT(stage2_args_parse(argc, argv, &a, err, sizeof err), 0);
		CHECK_INT(a.slot, cases[i].slot);
		CHECK_INT(a.trial, cases[i].trial);
	}
	stage2_args_build(&cases[3], "/sbin/init", argv);
	CHECK_STR(argv[1], "--slot=b");
	CHECK_STR(argv[2], "--trial");
	CHECK(argv[3] == NULL);
}

static void install_disk_is_read_and_built(void)
{
	struct stage2_args b = { .install = "sdb" };
	char *argv[STAGE2_ARGV_MAX];
	int argc = 0;

	CHECK_INT(PARSE("init", "--install=sdb"), 0);
	CHECK_STR(a.install, "sdb");
	CHECK_INT(a.slot, 0);
	CHECK_INT(PARSE("init", "--install=-"), 0);
	CHECK_STR(a.install, "-");
	CHECK_INT(PARSE("init"), 0);
	CHECK_STR(a.install, "");
	CHECK_INT(PARSE("init", "--install="), -1);
	CHECK_INT(PARSE("init", "--install=--"), -1);
	CHECK_INT(PARSE("init", "--install=../sda"), -1);
	CHECK_INT(PARSE("init", "--install=SDA"), -1);
	CHECK_INT(PARSE("init", "--install=0123456789012345678901234567890x"), -1);
	CHECK_INT(PARSE("init", "--install=a", "--install=b"), -1);
	CHECK_CONTAINS(err, "given twice");
	stage2_args_build(&b, "/sbin/init", argv);
	while (argv[argc] != NULL)
		argc++;
	CHECK_INT(argc, 2);
	CHECK_STR(argv[1], "--install=sdb");
	CHECK_INT(stage2_args_parse(argc, argv, &a, err, sizeof err), 0);
	CHECK_STR(a.install, "sdb");
}

int main(void)
{
	RUN(slot_and_trial_are_read);
	RUN(no_arguments_mean_no_slot_and_no_trial);
	RUN(bad_slot_values_are_rejected);
	RUN(repeated_arguments_are_rejected);
	RUN(unknown_arguments_are_rejected);
	RUN(built_argv_parses_back_to_the_same);
	RUN(install_disk_is_read_and_built);
	return check_done();
}
