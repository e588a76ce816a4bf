/*
 * The service table, read once from /etc/node/services at start-up. A line reads
 * "<name> <flags> <absolute path> [args...]"; flags is "-" or a comma list of notify, console, once,
 * after-ready, secrets.
 */
#ifndef NODE_SERVICES_H
#define NODE_SERVICES_H

#include <stddef.h>
#include "compiler.h"

#define SERVICES_MAX 16
#define SERVICE_ARGV_MAX 16	/* program path included */
#define SERVICE_LINE_MAX 256	/* bytes, newline excluded */
#define SERVICE_NAME_MAX 31
#define SERVICES_FILE_MAX (32 * 1024)

enum {
	SERVICE_NOTIFY = 1u << 0,	/* ready once it writes a line to fd 3 (s6 convention) */
	SERVICE_CONSOLE = 1u << 1,	/* stdio on /dev/console as controlling tty (debug shell) */
	SERVICE_ONCE = 1u << 2,		/* never restarted; ready when it exits 0 */
	/*
	 * Started once the ready line is out and not counted towards readiness. With once, it is a
	 * health check: a non-zero exit fails the boot. Not with notify (nothing waits for it).
	 */
	SERVICE_AFTER_READY = 1u << 3,
	/*
	 * Needs the node's secrets (/run/secrets): never started when they did not unseal, so it
	 * cannot run half-configured (containerd without its registry credentials).
	 */
	SERVICE_SECRETS = 1u << 4,
};

struct service_conf {
	char name[SERVICE_NAME_MAX + 1];
	unsigned flags;
	unsigned lineno;
	unsigned argc;
	char *argv[SERVICE_ARGV_MAX + 1];	/* point into store: never copy the struct */
	char store[SERVICE_LINE_MAX + 1];
};

struct services_table {
	unsigned count;
	struct service_conf svc[SERVICES_MAX];
};

/*
 * Parses a services file. '#' lines and blank lines are ignored. Errors name the line:
 * "line 3: unknown flag 'x'". 0, or -1 with a reason in err.
 */
int services_parse(const char *buf, size_t len, struct services_table *t, char *err,
		   size_t errcap) WUR;

#endif
