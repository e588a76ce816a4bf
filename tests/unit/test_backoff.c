#include "backoff.h"
#include "check.h"

static void delay_doubles_from_1s_and_caps_at_60s(void)
{
	static const long long want[] = { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000 };
	struct backoff b = { 0 };
	size_t i;

	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		CHECK_INT(backoff_next(&b, 10, 1, 1), want[i]);
}

static void clean_exit_and_signal_death_count_as_failures(void)
{
	struct backoff b = { 0 };

	CHECK_INT(backoff_next(&b, 10, 1, 0), 1000);
	CHECK_INT(backoff_next(&b, 10, 0, 9), 2000);	/* killed by signal 9 */
}

static void sixty_seconds_up_resets_the_delay(void)
{
	struct backoff b = { 0 };
	int i;

	for (i = 0; i < 8; i++)
		CHECK(backoff_next(&b, 5000, 1, 1) > 0);
	CHECK_INT(backoff_next(&b, 60000, 1, 1), 1000);
	CHECK_INT(backoff_next(&b, 1000, 1, 1), 2000);
}

static void just_under_sixty_seconds_does_not_reset(void)
{
	struct backoff b = { 0 };

	CHECK_INT(backoff_next(&b, 100, 1, 1), 1000);
	CHECK_INT(backoff_next(&b, 100, 1, 1), 2000);
	CHECK_INT(backoff_next(&b, 59999, 1, 1), 4000);
}

static void exit_125_is_permanent(void)
{
	struct backoff b = { 0 };

	CHECK_INT(backoff_next(&b, 100, 1, 125), -1);
	CHECK_INT(backoff_next(&b, 100000, 1, 125), -1);
	/* signal 125 does not exist, but a signal number is not an exit code either */
	CHECK(backoff_next(&b, 100, 0, 125) > 0);
}

int main(void)
{
	RUN(delay_doubles_from_1s_and_caps_at_60s);
	RUN(clean_exit_and_signal_death_count_as_failures);
	RUN(sixty_seconds_up_resets_the_delay);
	RUN(just_under_sixty_seconds_does_not_reset);
	RUN(exit_125_is_permanent);
	return check_done();
}
