/*
 * The boot's health verdict, taken HEALTH_SETTLE_MS after the ready line: every service that
 * counts for readiness is still up (a once service: done), and none has exited since boot. Only
 * then does init start the after-ready services, boot-ok among them, which blesses a trial boot.
 * A service that crashed and came back is not healthy: on a trial boot that is exactly the
 * update we must not keep.
 */
#ifndef NODE_HEALTH_H
#define NODE_HEALTH_H

#include <stddef.h>
#include "compiler.h"
#include "service_status.h"
#include "services.h"

#define HEALTH_SETTLE_MS 10000

/*
 * rows[i] is the state of t->svc[i] (after-ready services are not judged). Returns -1 when
 * healthy, else the index of the first unhealthy service, with the reason in why (cut to cap).
 */
int health_verdict(const struct services_table *t, const struct service_status *rows, char *why,
		   size_t cap) WUR;

#endif
