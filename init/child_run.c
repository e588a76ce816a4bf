#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child_run.h"
#include "child_setup.h"
#include "errbuf.h"
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
