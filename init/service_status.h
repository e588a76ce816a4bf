/*
 * Pure formatter of /run/node/services, one line per service in table order:
 * "<name> <state> <pid> <restarts> <last-exit-status>\n"; pid and last exit status are "-" when
 * there is none (not running; never exited).
 */
#ifndef NODE_SERVICE_STATUS_H
#define NODE_SERVICE_STATUS_H

#include <stddef.h>
#include <sys/types.h>
#include "compiler.h"
#include "services.h"

/* name, 8-char state, pid, restarts, exit status, four blanks and the newline */
#define SERVICE_STATUS_LINE_MAX (SERVICE_NAME_MAX + 8 + 10 + 10 + 11 + 5)
#define SERVICE_STATUS_FILE_MAX (SERVICES_MAX * SERVICE_STATUS_LINE_MAX)

enum service_state {
	SVC_DOWN = 0,	/* not running: not started yet, restart pending, or stopped */
	SVC_STARTING,	/* running, not ready yet (notify before its line; once while it runs) */
	SVC_UP,		/* running and ready */
	SVC_DONE,	/* once: exited 0 */
	SVC_FAILED,	/* permanent: never started again */
};

struct service_status {
	const char *name;
	enum service_state state;
	pid_t pid;		/* <= 0: not running */
	unsigned restarts;	/* since boot */
	int last_exit;		/* < 0: has not exited yet; else status, 128+N when killed by N */
};

/* "starting", "up", "down", "done", "failed"; NULL for a value outside the enum. */
const char *service_state_name(enum service_state s);

/*
 * Formats n rows into out (always NUL-terminated when cap > 0). Returns the length, or -1 when
 * out is too small, a state is unknown, or a name is empty or holds a blank or control character.
 */
int service_status_format(char *out, size_t cap, const struct service_status *rows, size_t n) WUR;

#endif
