/* Reaps every exited child: SIGCHLD is only a hint (signals coalesce, orphans arrive silently). */
#ifndef NODE_REAP_H
#define NODE_REAP_H

#include <sys/types.h>

typedef void reap_fn(pid_t pid, int wstatus, void *ctx);

/*
 * waitpid(-1, WNOHANG) until 0 or ECHILD, calling fn (may be NULL) for each. Returns how many
 * were reaped, or -1 with errno on an unexpected error. *none_left (may be NULL) is set to 1
 * when no child exists at all.
 */
int reap_all(reap_fn *fn, void *ctx, int *none_left);

#endif
