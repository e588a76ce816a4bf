#include "output_limit.h"

/* Ends the window if its time is up: its drops wait in unreported for output_limit_ended. */
static void window_roll(struct output_limit *l, int64_t now)
{
	if (l->window_start_ms == 0 || now - l->window_start_ms < OUTPUT_LIMIT_WINDOW_MS)
		return;
	l->unreported += l->dropped;
	l->window_start_ms = 0;
	l->lines = 0;
	l->dropped = 0;
}

int output_limit_take(struct output_limit *l, int64_t now, unsigned max)
{
	window_roll(l, now);
	if (l->window_start_ms == 0)
		l->window_start_ms = now > 0 ? now : 1;
	if (l->lines < max) {
		l->lines++;
		return 1;
	}
	l->dropped++;
	return 0;
}

unsigned long long output_limit_ended(struct output_limit *l, int64_t now)
{
	unsigned long long d;

	window_roll(l, now);
	d = l->unreported;
	l->unreported = 0;
	return d;
}
