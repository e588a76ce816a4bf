/* What nodetime does with the servers' answers (init/nodetime/clock_policy.c). */
#include <stdint.h>

#include "check.h"
#include "clock_policy.h"

#define NS 1000000000LL
#define MS 1000000LL

static char why[200];

static void offset_and_delay_follow_rfc5905(void)
{
	struct ntp_sample s;

	/* node 5 s behind; 10 ms each way; 1 ms in the server */
	CHECK_INT(sample_from_times(100 * NS, 105 * NS + 10 * MS, 105 * NS + 11 * MS, 100 * NS + 21 * MS,
				    3 * MS, 2, &s), 0);
	CHECK_INT(s.offset_ns, 5 * NS);
	CHECK_INT(s.delay_ns, 20 * MS);
	CHECK_INT(s.root_dist_ns, 3 * MS);
	CHECK_INT(s.stratum, 2);
	/* the node ahead: negative offset */
	CHECK_INT(sample_from_times(100 * NS, 99 * NS, 99 * NS, 100 * NS + 2 * MS, 0, 1, &s), 0);
	CHECK_INT(s.offset_ns, -NS - MS);
	/* the server claims more time inside than the round trip took */
	CHECK_INT(sample_from_times(100 * NS, 100 * NS, 101 * NS, 100 * NS + 5 * MS, 0, 1, &s), -1);
}

static void the_least_delayed_exchange_wins(void)
{
	struct ntp_sample s[4] = { { 10, 9 * MS, 0, 1 }, { 20, 2 * MS, 0, 1 }, { 30, 5 * MS, 0, 1 },
				   { 40, 2 * MS, 0, 1 } };

	CHECK_INT(sample_best(s, 4), 1);
	CHECK_INT(sample_best(s, 1), 0);
}

static void the_median_of_agreeing_servers(void)
{
	int64_t o[4], out = 0;

	o[0] = 3 * MS;
	CHECK_INT(site_offset(o, 1, 500 * MS, &out), 0);
	CHECK_INT(out, 3 * MS);
	o[0] = 10 * MS, o[1] = -2 * MS, o[2] = 4 * MS;
	CHECK_INT(site_offset(o, 3, 500 * MS, &out), 0);
	CHECK_INT(out, 4 * MS);
	o[0] = 10 * MS, o[1] = 20 * MS;
	CHECK_INT(site_offset(o, 2, 500 * MS, &out), 0);
	CHECK_INT(out, 15 * MS);
}

static void one_wrong_server_of_three_cannot_move_the_clock(void)
{
	int64_t o[3] = { 2 * MS, -3600 * NS, 1 * MS }, out = 0;

	CHECK_INT(site_offset(o, 3, 500 * MS, &out), 0);
	CHECK_INT(out, 1 * MS);
}

static void disagreement_without_a_majority_touches_nothing(void)
{
	int64_t o[4] = { 0, 3600 * NS, 0, 0 }, out = 77;

	CHECK_INT(site_offset(o, 2, 500 * MS, &out), -1);
	o[0] = -7200 * NS, o[2] = 7200 * NS;
	CHECK_INT(site_offset(o, 3, 500 * MS, &out), -1);
	CHECK_INT(out, 77);
	CHECK_INT(site_offset(o, 0, 500 * MS, &out), -1);
	CHECK_INT(site_offset(o, 17, 500 * MS, &out), -1);
}

static void small_offsets_slew_large_ones_step(void)
{
	int64_t now = 1795392000LL * NS;

	CHECK_INT(clock_decide(0, now, 1, 0, why, sizeof why), CLOCK_KEEP);
	CHECK_INT(clock_decide(127 * MS, now, 1, 0, why, sizeof why), CLOCK_SLEW);
	CHECK_INT(clock_decide(-127 * MS, now, 1, 0, why, sizeof why), CLOCK_SLEW);
	CHECK_INT(clock_decide(128 * MS, now, 1, 0, why, sizeof why), CLOCK_STEP);
	CHECK_INT(clock_decide(-999 * NS, now, 1, 0, why, sizeof why), CLOCK_STEP);
}

static void the_first_sync_may_step_any_distance(void)
{
	/* a node that woke in 2001 */
	CHECK_INT(clock_decide(800000000LL * NS, 1000000000LL * NS, 0, 1700000000LL, why, sizeof why),
		  CLOCK_STEP);
}

static void later_jumps_past_the_panic_threshold_are_refused(void)
{
	int64_t now = 1795392000LL * NS;

	CHECK_INT(clock_decide(-1001 * NS, now, 1, 0, why, sizeof why), CLOCK_REFUSE);
	CHECK_CONTAINS(why, "-1001 s after the clock was set is over the 1000 s panic threshold");
	CHECK_INT(clock_decide(86400 * NS, now, 1, 0, why, sizeof why), CLOCK_REFUSE);
	CHECK_INT(clock_decide(1000 * NS, now, 1, 0, why, sizeof why), CLOCK_STEP);
}

static void no_time_before_the_build_is_accepted(void)
{
	int64_t now = 1795392000LL * NS;

	CHECK_INT(clock_decide(-365 * 86400 * NS, now, 0, 1790000000LL, why, sizeof why), CLOCK_REFUSE);
	CHECK_CONTAINS(why, "before this image was built (1790000000)");
	CHECK_INT(clock_decide(-(now - 1790000000LL * NS), now, 0, 1790000000LL, why, sizeof why), CLOCK_STEP);
}

int main(void)
{
	RUN(offset_and_delay_follow_rfc5905);
	RUN(the_least_delayed_exchange_wins);
	RUN(the_median_of_agreeing_servers);
	RUN(one_wrong_server_of_three_cannot_move_the_clock);
	RUN(disagreement_without_a_majority_touches_nothing);
	RUN(small_offsets_slew_large_ones_step);
	RUN(the_first_sync_may_step_any_distance);
	RUN(later_jumps_past_the_panic_threshold_are_refused);
	RUN(no_time_before_the_build_is_accepted);
	return check_done();
}
