#include <stdio.h>

#include "progress.h"

static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress_print(struct progress *p, const struct timespec *now)
{
	double el = seconds(&p->start, now), mib = (double)p->done / 1048576.0;
	unsigned pct = p->total ? (unsigned)(p->done * 100 / p->total) : 100;

	fprintf(stderr, "nodeupdate: %s: %3u%% (%.1f of %.1f MiB, %.1f MiB/s)\n", p->what, pct, mib,
		(double)p->total / 1048576.0, el > 0 ? mib / el : 0.0);
	p->last = *now;
	p->printed = 1;
}

void progress_start(struct progress *p, const char *what, uint64_t total)
{
	p->what = what;
	p->total = total;
	p->done = 0;
	p->printed = 0;
	(void)clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
}

void progress_add(struct progress *p, uint64_t n)
{
	struct timespec now;

	p->done += n;
	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	if (seconds(&p->last, &now) >= 1.0)
		progress_print(p, &now);
}

void progress_end(struct progress *p)
{
	struct timespec now;

	if (!p->printed)
		return;
	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	p->done = p->total;
	progress_print(p, &now);
}
