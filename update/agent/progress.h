/* Progress of a long step on stderr: percent and MiB/s, at most once a second, and only once the
 * step has run for a second (short installs stay quiet). */
#ifndef NU_PROGRESS_H
#define NU_PROGRESS_H

#include <stdint.h>
#include <time.h>

struct progress {
	const char *what;                /* "slot b: writing" */
	uint64_t total, done;
	struct timespec start, last;
	int printed;
};

void progress_start(struct progress *p, const char *what, uint64_t total);
void progress_add(struct progress *p, uint64_t n);
/* A final 100% line if anything was printed. */
void progress_end(struct progress *p);

#endif
