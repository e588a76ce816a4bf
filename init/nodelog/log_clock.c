#include <time.h>

#include "log_clock.h"

static int64_t usec(clockid_t id)
{
	struct timespec ts;

	/* cannot fail for these two clocks with a valid pointer */
	(void)clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t log_clock_uptime_usec(void)
{
	return usec(CLOCK_MONOTONIC);
}

int64_t log_clock_wall_offset_usec(void)
{
	int64_t mono = usec(CLOCK_MONOTONIC);

	return usec(CLOCK_REALTIME) - mono;
}
