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

/* Forks and execs argv[0] with the child environment; stdout and stderr to out_fd when >= 0. */
static pid_t spawn(char *const argv[], int out_fd, char *err, size_t errcap)
{
	pid_t pid = fork();

	if (pid < 0) {
		err_set(err, errcap, "fork for %s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (child_reset_signals() != 0 || child_stdio_default() != 0 ||
		    (out_fd >= 0 && (dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0))) {
			status_child_fail("exec", "%s: child setup: %s", argv[0], strerror(errno));
			_exit(127);
		}
		child_close_from(3);
		execve(argv[0], argv, child_env());
		status_child_fail("exec", "%s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Waits for exactly that pid (other children stay for the supervisor's reaper). */
static int wait_child(pid_t pid, char *const argv[], int *wstatus, char *err, size_t errcap)
{
	while (waitpid(pid, wstatus, 0) < 0) {
		if (errno != EINTR) {
			err_set(err, errcap, "waitpid %s (pid %d): %s", argv[0], (int)pid,
				strerror(errno));
			return -1;
		}
	}
	return 0;
}

int child_run_wait(char *const argv[], int *wstatus, char *err, size_t errcap)
{
	pid_t pid = spawn(argv, -1, err, errcap);

	return pid < 0 ? -1 : wait_child(pid, argv, wstatus, err, errcap);
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
	pid = spawn(argv, p[1], err, errcap);
	fd_close_keep_errno(p[1]);
	if (pid < 0) {
		fd_close_keep_errno(p[0]);
		return -1;
	}
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
	return wait_child(pid, argv, wstatus, err, errcap);
}
