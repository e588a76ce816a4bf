#include <stdio.h>

#include "health.h"

static void exit_text(char *buf, size_t cap, int last_exit)
{
	if (last_exit < 0)
		snprintf(buf, cap, "has not exited");
	else if (last_exit > 128)
		snprintf(buf, cap, "last killed by signal %d", last_exit - 128);
	else
		snprintf(buf, cap, "last exited status %d", last_exit);
}

int health_verdict(const struct services_table *t, const struct service_status *rows, char *why,
		   size_t cap)
{
	unsigned i;

	for (i = 0; i < t->count; i++) {
		const struct service_status *r = &rows[i];
		unsigned flags = t->svc[i].flags;
		char ex[40];

		if (flags & SERVICE_AFTER_READY)
			continue;
		exit_text(ex, sizeof ex, r->last_exit);
		if (flags & SERVICE_ONCE) {
			if (r->state == SVC_DONE)
				continue;
			snprintf(why, cap, "service %s (runs once) is %s, %s", t->svc[i].name,
				 service_state_name(r->state) ? service_state_name(r->state) : "?", ex);
			return (int)i;
		}
		if (r->state == SVC_UP && r->restarts == 0)
			continue;
		if (r->restarts > 0)
			snprintf(why, cap, "service %s is %s after %u restart%s since boot, %s",
				 t->svc[i].name,
				 service_state_name(r->state) ? service_state_name(r->state) : "?",
				 r->restarts, r->restarts == 1 ? "" : "s", ex);
		else
			snprintf(why, cap, "service %s is %s, %s", t->svc[i].name,
				 service_state_name(r->state) ? service_state_name(r->state) : "?", ex);
		return (int)i;
	}
	return -1;
}
