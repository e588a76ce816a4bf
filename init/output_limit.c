#include "output_limit.h"

int output_limit_take(struct output_limit *l, int64_t now)
{
	if (l->window_start_ms == 0 || now - l->window_start_ms >= OUTPUT_LIMIT_WINDOW_MS) {
		l->window_start_ms = now > 0 ? now : 1;
		l->lines = 0;
		l->dropped = 0;
	}
	if (l->lines < OUTPUT_LIMIT_LINES) {
		l->lines++;
		return 1;
	}
	l->dropped++;
	return 0;
}

unsigned long long output_limit_ended(struct output_limit *l, int64_t now)
{
	unsigned long long d;

	if (l->window_start_ms == 0 || l->dropped == 0 ||
	    now - l->window_start_ms < OUTPUT_LIMIT_WINDOW_MS)
		return 0;
	d = l->dropped;
	l->window_start_ms = 0;
	l->lines = 0;
	l->dropped = 0;
	return d;
}
