#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "clock.h"
#include "pid1_signals.h"
#include "reap.h"
#include "shutdown.h"
#include "status.h"
#include "umount_all.h"

/* Reaps for up to ms, returning early once no process is left. */
static void reap_for(int sfd, int64_t ms)
{
	int64_t deadline = clock_boot_ms() + ms;

	for (;;) {
		struct pollfd p = { .fd = sfd, .events = POLLIN };
		int none_left = 0;
		int64_t left;

		if (reap_all(NULL, NULL, &none_left) < 0)
			status_fail("shutdown", "waitpid: %s", strerror(errno));
		left = deadline - clock_boot_ms();
		if (none_left || left <= 0)
			return;
		if (poll(&p, 1, (int)(left < 100 ? left : 100)) < 0 && errno != EINTR)
			clock_sleep_ms(10);
		pid1_signals_discard(sfd);
	}
}

static void kill_all(int sig, const char *name)
{
	/* kill(-1) reaches every process but PID 1 and the caller; ESRCH: nobody left */
	if (kill(-1, sig) != 0 && errno != ESRCH)
		status_fail("shutdown", "kill(-1, %s): %s", name, strerror(errno));
}

_Noreturn void shutdown_finish(int sfd, enum node_action action)
{
	sync();
	kill_all(SIGTERM, "SIGTERM");
	kill_all(SIGCONT, "SIGCONT");
	status_line("shutdown", "sent SIGTERM to all processes");
	reap_for(sfd, SHUTDOWN_GRACE_MS);
	sync();
	kill_all(SIGKILL, "SIGKILL");
	status_line("shutdown", "sent SIGKILL to all processes");
	reap_for(sfd, SHUTDOWN_KILL_REAP_MS);
	umount_all();
	shutdown_reboot_now(action);
}

_Noreturn void shutdown_reboot_now(enum node_action action)
{
	int cmd = node_action_reboot_cmd(action);
	pid_t pid;

	sync();
	/* a failed halt/poweroff ends in do_exit() in the caller: let that be a child, not PID 1 */
	pid = fork();
	if (pid == 0) {
		if (reboot(cmd) != 0)
			status_child_fail("shutdown", "reboot(%s): %s", node_action_name(action),
					  strerror(errno));
		_exit(1);
	}
	if (pid < 0) {
		status_fail("shutdown", "fork for reboot: %s; calling reboot from PID 1",
			    strerror(errno));
		if (reboot(cmd) != 0)
			status_fail("shutdown", "reboot(%s): %s", node_action_name(action),
				    strerror(errno));
	}
	for (;;)
		pause();
}
