/*
 * How much of one service's output PID 1 passes on: at most OUTPUT_LIMIT_LINES lines in each
 * OUTPUT_LIMIT_WINDOW_MS window (journald's default for a service: 10000 per 30 s). The rest is
 * counted and dropped, and the count said once the window ends, so a service that logs without
 * end cannot flood the kernel's log ring, the console or the disk, nor take PID 1's time.
 * Dropping, not blocking: a service stalled on a full stderr pipe would hang with its locks held.
 * Pure.
 */
#ifndef NODE_OUTPUT_LIMIT_H
#define NODE_OUTPUT_LIMIT_H

#include <stdint.h>

#define OUTPUT_LIMIT_LINES 10000
#define OUTPUT_LIMIT_WINDOW_MS 30000

struct output_limit {
	int64_t window_start_ms;	/* 0: no window open */
	unsigned lines;			/* passed in this window */
	unsigned long long dropped;	/* dropped in this window */
};

/* 1 if a line at `now` may pass, 0 if it is dropped (and counted). */
int output_limit_take(struct output_limit *l, int64_t now);

/*
 * The lines dropped in a window that has ended by `now` (0 if none, or the window is still open);
 * a window with drops is closed by this call, so each count is returned once. Called before
 * output_limit_take and on every tick, so a count is said even when the service falls silent.
 */
unsigned long long output_limit_ended(struct output_limit *l, int64_t now);

#endif
