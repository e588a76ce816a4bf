/* Stage 2's main loop: supervise the services, report readiness, turn signals into shutdown. */
#ifndef NODE_SUPERVISOR_H
#define NODE_SUPERVISOR_H

#include "services.h"

#define READY_DEADLINE_MS 120000
#define LOOP_TICK_MS 1000	/* reap at least this often: orphans may come without SIGCHLD */
#define STOP_TERM_WAIT_MS 5000
#define STOP_KILL_WAIT_MS 2000

/*
 * Starts every service in table order (after-ready ones once the boot is healthy: health.h) and
 * loops forever on poll(signalfd, readiness pipes), keeping /run/node/services current. A
 * shutdown signal stops the services in reverse order and hands over to shutdown_finish(). The
 * ready deadline, a service that does not stay up through the settle window after ready, and a
 * failed after-ready,once service fail the boot (node_boot_failed: a trial boot reboots through
 * the same stop-and-shutdown path). Without have_secrets the services flagged secrets are never
 * started. The table must stay alive (static) and unchanged.
 */
_Noreturn void supervisor_run(const struct services_table *table, int sfd, const char *version,
			      char slot, int have_secrets);

#endif
