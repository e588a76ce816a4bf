#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>

#include "clock_adjust.h"

#define NS 1000000000LL

int64_t clock_now_ns(void)
{
	struct timespec ts;

	/* CLOCK_REALTIME cannot fail with a valid pointer */
	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

int clock_step(int64_t offset_ns, char *why, size_t whycap)
{
	struct timespec ts;
	int64_t t;

	/* read and set back to back: the offset was measured against this same clock */
	t = clock_now_ns() + offset_ns;
	ts.tv_sec = (time_t)(t / NS);
	ts.tv_nsec = (long)(t % NS);
	if (ts.tv_nsec < 0) {
		ts.tv_nsec += NS;
		ts.tv_sec--;
	}
	if (clock_settime(CLOCK_REALTIME, &ts) != 0) {
		snprintf(why, whycap, "clock_settime: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int clock_slew(int64_t offset_ns, char *why, size_t whycap)
{
	struct timeval tv;
	int64_t us = offset_ns / 1000;

	/* a new slew replaces what is left of the last one: the kernel slews at 500 ppm */
	tv.tv_sec = (time_t)(us / 1000000);
	tv.tv_usec = (suseconds_t)(us % 1000000);
	if (adjtime(&tv, NULL) != 0) {
		snprintf(why, whycap, "adjtime: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int clock_mark_synced(int64_t error_ns, char *why, size_t whycap)
{
	struct timex tx;

	memset(&tx, 0, sizeof tx);
	if (adjtimex(&tx) < 0) {
		snprintf(why, whycap, "adjtimex (read): %s", strerror(errno));
		return -1;
	}
	tx.modes = ADJ_STATUS | ADJ_MAXERROR | ADJ_ESTERROR;
	tx.status &= ~STA_UNSYNC;
	tx.maxerror = (long)(error_ns / 1000);
	tx.esterror = (long)(error_ns / 1000);
	if (adjtimex(&tx) < 0) {
		snprintf(why, whycap, "adjtimex (status): %s", strerror(errno));
		return -1;
	}
	return 0;
}
