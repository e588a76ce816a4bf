/*
 * The single place every fatal failure ends: PID 1 must never exit (exit = kernel panic).
 * On a trial boot (systemd-boot counting down a new entry, REFERENCE C.2) a failure reboots, so
 * the boot loader falls back to the other slot once the tries are used up; on a blessed boot it
 * must not (a reboot loop helps nobody), so the machine stays up with the message on the console.
 */
#ifndef NODE_PANIC_H
#define NODE_PANIC_H

#include "compiler.h"

#define TRIAL_REBOOT_DELAY_MS 10000	/* time to read the FAIL line before the trial reboot */

/* How a stage reboots cleanly (stage 2: stop services, unmount /var). Must not return. */
typedef void panic_reboot_fn(void);

/* Trial or blessed boot, once known (unknown counts as blessed: never reboot-loop). */
void panic_set_trial(int trial);
int panic_trial(void);

/* The clean reboot path for a failed trial boot; NULL (the default) means sync and reboot(2). */
void panic_set_reboot(panic_reboot_fn *fn);

/*
 * Prints "node: FAIL <step>: <detail>". On a trial boot then prints the reboot notice, waits
 * TRIAL_REBOOT_DELAY_MS and reboots; otherwise sleeps forever with signals still blocked.
 */
_Noreturn void node_panic(const char *step, const char *fmt, ...) PRINTF_LIKE(2, 3);

/*
 * For failures PID 1 can live with (ready deadline, failed health check): prints the FAIL line;
 * a trial boot then reboots as in node_panic, a blessed boot returns so supervision goes on.
 */
void node_boot_failed(const char *step, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
