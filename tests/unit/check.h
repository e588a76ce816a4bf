/*
 * Minimal test harness: each case is a void function run by RUN(); CHECK* macros record the first
 * failure and return from the case. Prints "ok - name" or "not ok - name: why" per case and
 * "N passed, N failed" last; check_done() is main's exit status.
 */
#ifndef NODE_CHECK_H
#define NODE_CHECK_H

#include <stdio.h>
#include <string.h>

static unsigned check_passed, check_failed;
static char check_why[512];

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			snprintf(check_why, sizeof check_why, "line %d: %s", __LINE__, #cond); \
			return;                                                              \
		}                                                                            \
	} while (0)

#define CHECK_STR(got, want)                                                                  \
	do {                                                                                  \
		const char *check_g_ = (got), *check_w_ = (want);                             \
		if (strcmp(check_g_, check_w_) != 0) {                                        \
			snprintf(check_why, sizeof check_why, "line %d: got '%.200s', want '%.200s'", \
				 __LINE__, check_g_, check_w_);                               \
			return;                                                               \
		}                                                                             \
	} while (0)

#define CHECK_INT(got, want)                                                                  \
	do {                                                                                  \
		long long check_g_ = (long long)(got), check_w_ = (long long)(want);           \
		if (check_g_ != check_w_) {                                                   \
			snprintf(check_why, sizeof check_why, "line %d: %s is %lld, want %lld", \
				 __LINE__, #got, check_g_, check_w_);                         \
			return;                                                               \
		}                                                                             \
	} while (0)

/* err must mention needle: error messages are part of the behaviour. */
#define CHECK_CONTAINS(hay, needle)                                                            \
	do {                                                                                   \
		const char *check_h_ = (hay), *check_n_ = (needle);                             \
		if (strstr(check_h_, check_n_) == NULL) {                                      \
			snprintf(check_why, sizeof check_why, "line %d: '%.200s' does not mention '%.100s'", \
				 __LINE__, check_h_, check_n_);                                 \
			return;                                                                \
		}                                                                              \
	} while (0)

static void check_run(const char *name, void (*fn)(void))
{
	char *p;

	check_why[0] = '\0';
	fn();
	/* one line per case, whatever the compared strings held */
	for (p = check_why; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			*p = '?';
	if (check_why[0] == '\0') {
		check_passed++;
		printf("ok - %s\n", name);
	} else {
		check_failed++;
		printf("not ok - %s: %s\n", name, check_why);
	}
}

#define RUN(fn) check_run(#fn, fn)

static int check_done(void)
{
	printf("%u passed, %u failed\n", check_passed, check_failed);
	return check_failed == 0 && check_passed > 0 ? 0 : 1;
}

#endif
