/*
 * What nodetime does with the time servers' answers: the offset and delay of one exchange, the
 * best exchange of a burst, the site's verdict across servers, and whether to step, slew or
 * refuse. Pure functions (unit-tested): the syscalls are clock_adjust.c's.
 */
#ifndef NODETIME_CLOCK_POLICY_H
#define NODETIME_CLOCK_POLICY_H

#include <stddef.h>
#include <stdint.h>

struct ntp_sample {
	int64_t offset_ns;	/* server minus node */
	int64_t delay_ns;	/* round trip, less the server's own time */
	int64_t root_dist_ns;
	unsigned stratum;
};

/*
 * One exchange (RFC 5905 section 8): t1 our send and t4 our receive (node clock), t2 and t3 the
 * server's receive and transmit. -1 when the delay comes out negative (the times contradict
 * each other), else 0.
 */
int sample_from_times(int64_t t1, int64_t t2, int64_t t3, int64_t t4, int64_t root_dist_ns,
		      unsigned stratum, struct ntp_sample *s);

/* The exchange of a burst with the least delay (least disturbed by queueing): index into s. */
size_t sample_best(const struct ntp_sample *s, size_t n);

/*
 * The site's offset from the best sample of each server that answered: the median (the mean of
 * the middle two for an even count), so one server that is wrong cannot move the clock when
 * three or more answer. The servers must agree: 0, or -1 when the chosen offset is further than
 * tolerance_ns from more than half of them (no majority: touch nothing).
 */
int site_offset(const int64_t *offsets, size_t n, int64_t tolerance_ns, int64_t *out);

#define STEP_THRESHOLD_NS 128000000LL		/* RFC 5905's STEPT: smaller offsets are slewed */
#define PANIC_THRESHOLD_NS 1000000000000LL	/* 1000 s: PANICT */

enum clock_action { CLOCK_KEEP, CLOCK_SLEW, CLOCK_STEP, CLOCK_REFUSE };

/*
 * Step, slew or refuse an offset. The first synchronisation may step any distance (a node's
 * clock may start anywhere); after it, a jump past PANIC_THRESHOLD_NS is refused: a site server
 * that suddenly says "a year ago" is more likely wrong or subverted than right, and certificate
 * checks depend on this clock. A time before floor_s (the image's build time) is always refused.
 */
enum clock_action clock_decide(int64_t offset_ns, int64_t now_ns, int synced_before,
			       int64_t floor_s, char *why, size_t whycap);

#endif
