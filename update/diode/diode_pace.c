#include <errno.h>

#include "diode_pace.h"

#define NS 1000000000ull

void diode_pace_init(struct diode_pace *p, uint64_t rate)
{
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->rate = rate;
	p->sent = 0;
}

int diode_pace_wait(struct diode_pace *p, uint64_t len)
{
	struct timespec now, due;
	unsigned __int128 due_ns;
	uint64_t start_ns, now_ns;
	int rc;

	p->sent += len;
	/* due time from the start, not from the last packet: rounding errors do not add up */
	due_ns = (unsigned __int128)p->sent * NS / p->rate;
	start_ns = (uint64_t)p->start.tv_sec * NS + (uint64_t)p->start.tv_nsec;
	if (clock_gettime(CLOCK_MONOTONIC, &now) < 0)
		return -1;
	now_ns = (uint64_t)now.tv_sec * NS + (uint64_t)now.tv_nsec;
	if (start_ns + due_ns <= now_ns + DIODE_PACE_BURST_NS)
		return 0;
	due.tv_sec = (time_t)((start_ns + due_ns) / NS);
	due.tv_nsec = (long)((start_ns + due_ns) % NS);
	while ((rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL)) == EINTR)
		;
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return 0;
}
