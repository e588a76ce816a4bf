#include <stdarg.h>
#include <unistd.h>

#include "panic.h"
#include "status.h"

_Noreturn void node_panic(const char *step, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_vline(1, step, fmt, ap);
	va_end(ap);
	/*
	 * Keep the machine alive and the console readable. Signals stay blocked, so nothing wakes us;
	 * a later change may turn this into a reboot to the fallback slot, here and only here.
	 */
	for (;;)
		pause();
}
