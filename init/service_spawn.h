/* Starts one service process. */
#ifndef NODE_SERVICE_SPAWN_H
#define NODE_SERVICE_SPAWN_H

#include <sys/types.h>
#include "services.h"

#define SERVICE_READY_FD 3	/* s6 convention: the service writes a line here when ready */

/*
 * fork; the child resets signals, calls setsid, sets up stdio (console services: all on the
 * console; others: /dev/null in, stdout and stderr to out_fd, or to the console if out_fd < 0),
 * puts the readiness pipe on fd 3 for notify services, closes everything else and execs with
 * the child environment (exec failure: message on stderr, exit 127). Returns the pid, or -1
 * with errno. *ready_fd receives the non-blocking read end of the readiness pipe, or -1.
 */
pid_t service_spawn(const struct service_conf *s, int *ready_fd, int out_fd);

#endif
