/*
 * node-init: PID 1 of the node appliance. The same binary is /init in the initramfs (stage 1:
 * dm-verity root, switch_root) and /sbin/init on the real root (stage 2: mounts, data, services).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "fileio.h"
#include "fsmagic.h"
#include "panic.h"
#include "pid1_signals.h"
#include "stage1.h"
#include "stage2.h"
#include "version.h"

#define EXIT_USAGE 100

static int put(int fd, const char *s)
{
	return fd_write_all(fd, s, strlen(s));
}

int main(int argc, char **argv)
{
	static const char usage[] =
		"usage: init --version\n"
		"  as PID 1: stage 1 when / is the initramfs, stage 2 otherwise\n";
	struct statfs fs;
	sigset_t blocked;

	if (getpid() != 1) {
		if (argc == 2 && strcmp(argv[1], "--version") == 0)
			return put(1, "node-init " NODE_INIT_VERSION "\n") == 0 ? 0 : 111;
		if (put(2, usage) != 0)
			return 111;
		return EXIT_USAGE;
	}
	/*
	 * As PID 1: stage 1 gets the kernel's leftover bare words and ignores them; stage 2 gets what
	 * stage 1 passed on its exec ("--slot=b --trial") and parses it strictly.
	 */

	/* first thing: a signal acted on before this could be fatal (REFERENCE A.1.2) */
	if (pid1_block_signals(&blocked) != 0)
		node_panic("init", "sigprocmask: %s", strerror(errno));
	if (statfs("/", &fs) != 0)
		node_panic("init", "statfs /: %s", strerror(errno));
	if (fsmagic_is_initramfs((unsigned long)fs.f_type))
		stage1_main();
	stage2_main(&blocked, argc, argv);
}
