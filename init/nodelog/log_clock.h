/* The two clocks a log line is stamped with. */
#ifndef NODELOG_LOG_CLOCK_H
#define NODELOG_LOG_CLOCK_H

#include <stdint.h>

/* Microseconds since boot (CLOCK_MONOTONIC: the kernel stamps its records with a clock that
   runs with it, so nodelog's own lines sort among them). */
int64_t log_clock_uptime_usec(void);

/*
 * Wall-clock time minus uptime, in microseconds: added to a record's time since boot, it gives
 * the record's wall-clock time. Approximate (the two clocks are read one after the other) and
 * only as right as the wall clock now: records written before nodetime first sets the clock get
 * the unset clock's time (1970 or the RTC's), records written after a step get the new time.
 */
int64_t log_clock_wall_offset_usec(void);

#endif
