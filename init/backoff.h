/* Pure restart policy: 1 s doubling to 60 s, reset after 60 s of uptime, exit 125 = give up. */
#ifndef NODE_BACKOFF_H
#define NODE_BACKOFF_H

#include <stdint.h>

#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 60000
#define BACKOFF_RESET_UP_MS 60000	/* up this long before dying: the failure streak is over */
#define SERVICE_EXIT_PERMANENT 125	/* s6 convention: "do not restart me" */

struct backoff {
	unsigned failures;	/* consecutive deaths so far */
};

/*
 * Called when a service died after up_ms of running; exited/code as from WIFEXITED/WEXITSTATUS.
 * Returns the delay before restarting it in ms, or -1 if it must not be restarted.
 */
int64_t backoff_next(struct backoff *b, int64_t up_ms, int exited, int code);

#endif
