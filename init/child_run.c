#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child_run.h"
#include "child_setup.h"
#include "errbuf.h"
#include "fileio.h"
#include "pid1_signals.h"
#include "status.h"

int child_run_wait(char *const argv[], int *wstatus, char *err, size_t errcap)
{
	pid_t pid = fork();

	if (pid < 0) {
		err_set(err, errcap, "fork for %s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (child_reset_signals() != 0 || child_stdio_default() != 0) {
			status_child_fail("exec", "%s: child setup: %s", argv[0], strerror(errno));
			_exit(127);
		}
		child_close_from(3);
		execve(argv[0], argv, child_env());
		status_child_fail("exec", "%s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, wstatus, 0) < 0) {
		if (errno != EINTR) {
			err_set(err, errcap, "waitpid %s (pid %d): %s", argv[0], (int)pid,
				strerror(errno));
			return -1;
		}
	}
	return 0;
}

int child_run_capture(char *const argv[], char *out, size_t cap, size_t *len, int *wstatus,
		      char *err, size_t errcap)
{
	char sink[512];
	int p[2];
	pid_t pid;

	*len = 0;
	if (cap > 0)
		out[0] = '\0';
	if (pipe2(p, O_CLOEXEC) != 0) {
		err_set(err, errcap, "pipe for %s: %s", argv[0], strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		err_set(err, errcap, "fork for %s: %s", argv[0], strerror(errno));
		fd_close_keep_errno(p[0]);
		fd_close_keep_errno(p[1]);
		return -1;
	}
	if (pid == 0) {
		if (child_reset_signals() != 0 || child_stdio_default() != 0 ||
		    dup2(p[1], 1) < 0 || dup2(p[1], 2) < 0) {
			status_child_fail("exec", "%s: child setup: %s", argv[0], strerror(errno));
			_exit(127);
		}
		child_close_from(3);
		execve(argv[0], argv, child_env());
		status_child_fail("exec", "%s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	fd_close_keep_errno(p[1]);
	for (;;) {
		size_t room = cap > *len + 1 ? cap - *len - 1 : 0;
		ssize_t n = room > 0 ? read(p[0], out + *len, room) : read(p[0], sink, sizeof sink);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* EOF, or an error: the wait status still says how it ended */
		if (room > 0) {
			*len += (size_t)n;
			out[*len] = '\0';
		}
	}
	fd_close_keep_errno(p[0]);
	while (waitpid(pid, wstatus, 0) < 0) {
		if (errno != EINTR) {
			err_set(err, errcap, "waitpid %s (pid %d): %s", argv[0], (int)pid,
				strerror(errno));
			return -1;
		}
	}
	return 0;
}
