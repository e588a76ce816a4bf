#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "child_setup.h"
#include "fileio.h"
#include "pid1_signals.h"
#include "service_spawn.h"
#include "status.h"

static _Noreturn void child_fail(const struct service_conf *s, const char *what)
{
	char step[16 + SERVICE_NAME_MAX];
	int e = errno;

	if (snprintf(step, sizeof step, "service %s", s->name) < 0)
		step[0] = '\0';
	status_child_fail(step, "%s %s: %s", what, s->argv[0], strerror(e));
	_exit(127);
}

static _Noreturn void child_exec(const struct service_conf *s, int pipe_w, int out_fd)
{
	if (child_reset_signals() != 0)
		child_fail(s, "reset signals for");
	/* its own session: PID 1's signals and tty never leak into it */
	if (setsid() < 0)
		child_fail(s, "setsid for");
	if (s->flags & SERVICE_CONSOLE) {
		if (child_stdio_console() != 0)
			child_fail(s, "console stdio for");
	} else if (out_fd >= 0) {
		if (child_stdio_pipe(out_fd) != 0)
			child_fail(s, "output pipe on stdout and stderr for");
	} else if (child_stdio_default() != 0) {
		child_fail(s, "stdio for");
	}
	if (pipe_w >= 0) {
		if (pipe_w == SERVICE_READY_FD) {
			if (fcntl(pipe_w, F_SETFD, 0) != 0)
				child_fail(s, "readiness fd for");
		} else if (dup2(pipe_w, SERVICE_READY_FD) < 0) {
			child_fail(s, "readiness fd for");
		}
		child_close_from(SERVICE_READY_FD + 1);
	} else {
		child_close_from(3);
	}
	execve(s->argv[0], s->argv, child_env());
	child_fail(s, "execve");
}

pid_t service_spawn(const struct service_conf *s, int *ready_fd, int out_fd)
{
	int p[2] = { -1, -1 };
	pid_t pid;

	*ready_fd = -1;
	if ((s->flags & SERVICE_NOTIFY) && pipe2(p, O_CLOEXEC) != 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		if (p[0] >= 0) {
			fd_close_keep_errno(p[0]);
			fd_close_keep_errno(p[1]);
		}
		return -1;
	}
	if (pid == 0)
		child_exec(s, p[1], (s->flags & SERVICE_CONSOLE) ? -1 : out_fd);
	if (p[0] >= 0) {
		fd_close_keep_errno(p[1]);
		/* the loop reads it from poll(): never let a read block PID 1 */
		if (fcntl(p[0], F_SETFL, O_NONBLOCK) != 0) {
			char step[16 + SERVICE_NAME_MAX];

			if (snprintf(step, sizeof step, "service %s", s->name) < 0)
				step[0] = '\0';
			status_fail(step, "O_NONBLOCK on its readiness pipe: %s; it cannot become ready",
				    strerror(errno));
			fd_close_keep_errno(p[0]);
			return pid;
		}
		*ready_fd = p[0];
	}
	return pid;
}
