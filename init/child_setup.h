/* What every forked child does before execve: clean signals, sane stdio, no inherited fds. */
#ifndef NODE_CHILD_SETUP_H
#define NODE_CHILD_SETUP_H

#include "compiler.h"

/* PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/ TERM=linux */
char *const *child_env(void);

/* stdin from /dev/null, stdout and stderr to /dev/console (kept as inherited if it won't open). */
int child_stdio_default(void) WUR;

/* stdin from /dev/null, stdout and stderr to out_fd (a service's output pipe, service_output.h). */
int child_stdio_pipe(int out_fd) WUR;

/* stdin, stdout, stderr all on /dev/console, made our controlling tty (after setsid). */
int child_stdio_console(void) WUR;

/* Closes every fd >= lowfd (close_range, or a loop on kernels before 5.9). */
void child_close_from(int lowfd);

#endif
