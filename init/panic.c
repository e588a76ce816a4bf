#include <stdarg.h>
#include <unistd.h>

#include "clock.h"
#include "panic.h"
#include "shutdown.h"
#include "status.h"

static int trial_boot;
static panic_reboot_fn *reboot_fn;
static int rebooting;	/* a failure on the way down must not start the way down again */

void panic_set_trial(int trial)
{
	trial_boot = trial != 0;
}

int panic_trial(void)
{
	return trial_boot;
}

void panic_set_reboot(panic_reboot_fn *fn)
{
	reboot_fn = fn;
}

static _Noreturn void trial_reboot(void)
{
	panic_reboot_fn *fn = reboot_fn;

	if (rebooting)
		shutdown_reboot_now(NODE_ACT_REBOOT);
	rebooting = 1;
	status_line("trial boot failed", "rebooting in %ds so the boot loader falls back",
		    TRIAL_REBOOT_DELAY_MS / 1000);
	clock_sleep_ms(TRIAL_REBOOT_DELAY_MS);
	if (fn != NULL)
		fn();
	/* no clean path (stage 1, early stage 2), or it came back: nothing is left to save */
	shutdown_reboot_now(NODE_ACT_REBOOT);
}

_Noreturn void node_panic(const char *step, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_vline(1, step, fmt, ap);
	va_end(ap);
	if (trial_boot)
		trial_reboot();
	/*
	 * A blessed boot: keep the machine alive and the console readable. Signals stay blocked, so
	 * nothing wakes us.
	 */
	for (;;)
		pause();
}

void node_boot_failed(const char *step, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_vline(1, step, fmt, ap);
	va_end(ap);
	if (trial_boot)
		trial_reboot();
}
