#include <errno.h>
#include <stddef.h>
#include <sys/wait.h>

#include "reap.h"

int reap_all(reap_fn *fn, void *ctx, int *none_left)
{
	int n = 0;

	if (none_left != NULL)
		*none_left = 0;
	for (;;) {
		int st;
		pid_t pid = waitpid(-1, &st, WNOHANG);

		if (pid > 0) {
			n++;
			if (fn != NULL)
				fn(pid, st, ctx);
			continue;
		}
		if (pid == 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno == ECHILD) {
			if (none_left != NULL)
				*none_left = 1;
			return n;
		}
		return -1;
	}
}
