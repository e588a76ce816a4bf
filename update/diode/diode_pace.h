/* Pacing to a byte rate: the sender sleeps until the bytes it has sent are due at the configured
 * rate. A diode has no feedback, so a sender that outruns the link or the receiver only loses. */
#ifndef DIODE_PACE_H
#define DIODE_PACE_H

#include <stdint.h>
#include <time.h>

#define DIODE_PACE_BURST_NS 2000000 /* sleep only when 2 ms ahead: fewer wakeups, same average */

struct diode_pace {
	struct timespec start;
	uint64_t rate;  /* bytes per second */
	uint64_t sent;  /* bytes accounted so far */
};

void diode_pace_init(struct diode_pace *p, uint64_t rate);
/* Accounts len bytes and sleeps until they are due. 0, or -1 with errno from the clock. */
int diode_pace_wait(struct diode_pace *p, uint64_t len);

#endif
