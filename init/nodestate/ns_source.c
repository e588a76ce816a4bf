#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "nodestate.h"

const char *ns_source_name(enum ns_source s)
{
	static const char *const names[NS_SRC_COUNT] = {
		"os-release", "booted-slot", "trial", "boot-count", "update",
		"services", "firewall", "uptime", "meminfo", "var",
	};

	return (unsigned)s < NS_SRC_COUNT ? names[s] : "?";
}

const char *ns_update_result_name(enum ns_update_result r)
{
	static const char *const names[NS_UPD_COUNT] = { "none", "ok", "failed", "refused" };

	return (unsigned)r < NS_UPD_COUNT ? names[r] : "?";
}

void ns_fail(struct node_state *st, enum ns_source s, const char *fmt, ...)
{
	va_list ap;

	if ((unsigned)s >= NS_SRC_COUNT)
		return;
	st->known[s] = 0;
	va_start(ap, fmt);
	(void)vsnprintf(st->err[s], sizeof st->err[s], fmt, ap);
	va_end(ap);
	if (st->err[s][0] == '\0')
		(void)snprintf(st->err[s], sizeof st->err[s], "failed");
}

long long ns_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
