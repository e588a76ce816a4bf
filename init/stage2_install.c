#include <sys/wait.h>
#include <string.h>

#include "child_run.h"
#include "clock.h"
#include "errbuf.h"
#include "panic.h"
#include "shutdown.h"
#include "stage2_install.h"
#include "status.h"

_Noreturn void stage2_install(int sfd, const char *media_disk)
{
	char *argv[] = { (char *)INSTALL_NODEUPDATE, (char *)"provision",
			 (char *)"--config", (char *)INSTALL_FILES "/provision.conf",
			 (char *)"--bundle", (char *)INSTALL_FILES "/node.bundle",
			 (char *)"--not-disk", (char *)media_disk, NULL };
	char err[ERR_MAX];
	long t0 = (long)clock_boot_ms();
	int st;

	if (strcmp(media_disk, "-") == 0)
		argv[6] = NULL;	/* from the network: no installer disk to keep away from */
	status_line("install", "running nodeupdate provision (installer media: %s)",
		    strcmp(media_disk, "-") == 0 ? "none, network" : media_disk);
	if (child_run_wait(argv, &st, err, sizeof err) != 0)
		node_panic("install", "%s; the node was not installed", err);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		node_panic("install", "nodeupdate provision failed (%s %d, the reason is above): the "
			   "node was not installed; power it off", WIFEXITED(st) ? "exit status" :
			   "killed by signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	status_line("install", "done in %ld ms: rebooting into the installed node", (long)clock_boot_ms() - t0);
	shutdown_finish(sfd, NODE_ACT_REBOOT);
}
