/* One clock for status lines and timers: CLOCK_BOOTTIME counts from kernel start. */
#ifndef NODE_CLOCK_H
#define NODE_CLOCK_H

#include <stdint.h>

/* Milliseconds since the kernel started (0 if the clock is unavailable, which Linux >= 2.6.39 never is). */
int64_t clock_boot_ms(void);

/* Sleeps ms milliseconds, resuming after EINTR. */
void clock_sleep_ms(int64_t ms);

#endif
