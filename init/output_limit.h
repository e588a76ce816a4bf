/*
 * How much of one service's output PID 1 passes on: at most OUTPUT_LIMIT_LINES lines into the log
 * in each OUTPUT_LIMIT_WINDOW_MS window (journald's default for a service: 10000 per 30 s), and at
 * most OUTPUT_LIMIT_CONSOLE_LINES of them onto the console. The rest is counted and dropped, and
 * the count said once the window ends, so a service that logs without end cannot flood the
 * kernel's log ring or the disk. The console's limit is tighter because every byte on a serial
 * console costs an I/O port write (about 1 us on hardware, far more under emulation), paid in
 * PID 1's write: 1000 lines of 90 bytes per 30 s is 3 KB/s, a quarter of what 115200 baud carries.
 * Dropping, not blocking: a service stalled on a full stderr pipe would hang with its locks held.
 * Pure.
 */
#ifndef NODE_OUTPUT_LIMIT_H
#define NODE_OUTPUT_LIMIT_H

#include <stdint.h>

#define OUTPUT_LIMIT_LINES 10000
#define OUTPUT_LIMIT_CONSOLE_LINES 1000
#define OUTPUT_LIMIT_WINDOW_MS 30000

struct output_limit {
	int64_t window_start_ms;	/* 0: no window open */
	unsigned lines;			/* passed in this window */
	unsigned long long dropped;	/* dropped in this window */
	unsigned long long unreported;	/* dropped in windows that have ended, not said yet */
};

/* 1 if a line at `now` may pass (at most max a window), 0 if it is dropped (and counted). */
int output_limit_take(struct output_limit *l, int64_t now, unsigned max);

/*
 * The lines dropped in windows that have ended by `now` and were not returned before (0 if none;
 * the open window's drops wait for its end). Each count is returned once. Called on every tick, so
 * a count is said even when the service falls silent, and whether or not a later line opened the
 * next window first.
 */
unsigned long long output_limit_ended(struct output_limit *l, int64_t now);

#endif
