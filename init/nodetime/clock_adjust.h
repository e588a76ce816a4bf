/* The node clock's three changes: step, slew, and telling the kernel it is synchronised. */
#ifndef NODETIME_CLOCK_ADJUST_H
#define NODETIME_CLOCK_ADJUST_H

#include <stddef.h>
#include <stdint.h>

/* Now on CLOCK_REALTIME, ns since the epoch. */
int64_t clock_now_ns(void);

/* 0, or -1 with why. */
int clock_step(int64_t offset_ns, char *why, size_t whycap);
int clock_slew(int64_t offset_ns, char *why, size_t whycap);

/*
 * Clears the kernel's "unsynchronised" status and sets its error estimates, so that the kernel
 * keeps the hardware clock close (its 11-minute mode) and programs reading adjtimex know the
 * clock is disciplined.
 */
int clock_mark_synced(int64_t error_ns, char *why, size_t whycap);

#endif
