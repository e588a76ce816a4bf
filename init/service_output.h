/*
 * A service's stdout and stderr: one pipe per service, made once and kept for PID 1's life, so
 * restarts reuse it and a line is never lost between two runs. PID 1 reads it, cuts it into lines
 * (output_lines.h), passes at most the limit (output_limit.h), and copies each line to
 * - the console, as the service wrote it (control bytes shown as '?'), without ever waiting for
 *   it: a slow serial console must not stall supervision; what it cannot take now is counted;
 * - /dev/kmsg as "<14>NAME[PID]: line" (user.info, so "quiet" keeps the copy off the console):
 *   the kernel's log ring is the node's one ordered log, which nodelog persists and forwards.
 */
#ifndef NODE_SERVICE_OUTPUT_H
#define NODE_SERVICE_OUTPUT_H

#include <stdint.h>
#include <sys/types.h>

#include "output_limit.h"
#include "output_lines.h"

struct service_output {
	int rfd, wfd;	/* -1 when the service has none (console services, or the pipe failed) */
	pid_t pid;	/* the process its lines are tagged with: the last one started */
	struct output_lines lines;
	struct output_limit limit;		/* into the log */
	struct output_limit console_limit;	/* of those, onto the console */
	int64_t rest_until_ms;	/* over its limit: its pipe is not read again before this */
};

/*
 * A service over its log limit has its pipe read at most every OUTPUT_OVER_LIMIT_READ_MS: it is
 * dropping lines anyway, and PID 1 then takes up to 64 KiB a wakeup instead of waking for every
 * line it writes (measured under TCG: a shell loop echoing 16,000 lines a second held PID 1 at 64%
 * of a CPU). Meanwhile the pipe fills and the service may wait in write() for that long, no more.
 */
#define OUTPUT_OVER_LIMIT_READ_MS 100

/* Sets both ends to -1. */
void service_output_init(struct service_output *o);

/* Makes the pipe: read end non-blocking, both close-on-exec. 0, or -1 with errno. */
int service_output_open(struct service_output *o);

/* Reads what is there now (at most 64 KiB a call, so one chatty service cannot hold PID 1). */
void service_output_read(struct service_output *o, const char *name, int64_t now);

/* Whether to poll its pipe at `now`; if not, *wake_ms is lowered to when it should be. */
int service_output_wanted(const struct service_output *o, int64_t now, int64_t *wake_ms);

/* Reads what is left, then sends a partial last line: after the service exited. */
void service_output_drain(struct service_output *o, const char *name, int64_t now);

/* Lines dropped over the log's limit in a window that has ended (see output_limit_ended). */
unsigned long long service_output_dropped(struct service_output *o, int64_t now);

/* Lines kept off the console by its limit (but in the log) in a window that has ended. */
unsigned long long service_output_console_dropped(struct service_output *o, int64_t now);

/* Lines the console could not take since the last call (they are in /dev/kmsg all the same). */
unsigned long long service_output_console_missed(void);

#endif
