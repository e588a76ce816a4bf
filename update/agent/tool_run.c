#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool_run.h"

static char *const tool_env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };

/* In the child: never returns. An exec failure's errno goes back through report. */
static void child(char *const argv[], int report)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC), e;

	if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0)
		e = errno;
	else {
		(void)execve(argv[0], argv, tool_env);
		e = errno;
	}
	(void)!write(report, &e, sizeof e);
	_exit(127);
}

int tool_run(char *const argv[], struct upd_error *err)
{
	int p[2], status, e = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return upd_fail(err, UPD_ERR_SYS, "running %s: pipe: %s", argv[0], strerror(errno));
	pid = fork();
	if (pid < 0) {
		e = errno;
		(void)close(p[0]);
		(void)close(p[1]);
		return upd_fail(err, UPD_ERR_SYS, "running %s: fork: %s", argv[0], strerror(e));
	}
	if (pid == 0)
		child(argv, p[1]);
	(void)close(p[1]);
	/* the pipe closes on a successful exec: nothing to read */
	do
		n = read(p[0], &e, sizeof e);
	while (n < 0 && errno == EINTR);
	(void)close(p[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return upd_fail(err, UPD_ERR_SYS, "waiting for %s: %s", argv[0],
					strerror(errno));
	if (n == (ssize_t)sizeof e)
		return upd_fail(err, UPD_ERR_SYS, "cannot run %s: %s", argv[0], strerror(e));
	if (WIFSIGNALED(status))
		return upd_fail(err, UPD_ERR_SYS, "%s was killed by signal %d", argv[0],
				WTERMSIG(status));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return upd_fail(err, UPD_ERR_SYS, "%s exited with status %d", argv[0],
				WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
