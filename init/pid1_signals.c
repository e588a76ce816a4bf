#include <errno.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "pid1_signals.h"

/* If one of these hits us, something is badly wrong; blocking them would only hide it. */
static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS };

int pid1_block_signals(sigset_t *blocked)
{
	size_t i;

	if (sigfillset(blocked) != 0)
		return -1;
	for (i = 0; i < sizeof fault_signals / sizeof fault_signals[0]; i++)
		if (sigdelset(blocked, fault_signals[i]) != 0)
			return -1;
	return sigprocmask(SIG_SETMASK, blocked, NULL);
}

void pid1_signals_discard(int sfd)
{
	struct signalfd_siginfo si[8];

	/* non-blocking fd: stops at EAGAIN */
	while (read(sfd, si, sizeof si) > 0)
		;
}

int child_reset_signals(void)
{
	struct sigaction sa;
	sigset_t none;
	int s;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	if (sigemptyset(&sa.sa_mask) != 0)
		return -1;
	for (s = 1; s < NSIG; s++) {
		if (s == SIGKILL || s == SIGSTOP)
			continue;
		/* EINVAL: a number the libc reserves for itself (glibc's 32, 33) */
		if (sigaction(s, &sa, NULL) != 0 && errno != EINVAL)
			return -1;
	}
	if (sigemptyset(&none) != 0)
		return -1;
	return sigprocmask(SIG_SETMASK, &none, NULL);
}
