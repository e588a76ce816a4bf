#include "backoff.h"

int64_t backoff_next(struct backoff *b, int64_t up_ms, int exited, int code)
{
	int64_t delay = BACKOFF_MIN_MS;
	unsigned i;

	if (exited && code == SERVICE_EXIT_PERMANENT)
		return -1;
	if (up_ms >= BACKOFF_RESET_UP_MS)
		b->failures = 0;
	for (i = 0; i < b->failures && delay < BACKOFF_MAX_MS; i++)
		delay *= 2;
	if (delay > BACKOFF_MAX_MS)
		delay = BACKOFF_MAX_MS;
	if (b->failures < 64)
		b->failures++;
	return delay;
}
