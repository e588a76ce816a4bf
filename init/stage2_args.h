/*
 * What stage 1 tells stage 2 on the exec of /sbin/init: "init --slot=<a|b> [--trial]". Stage 2
 * honours argv only as PID 1 on the real root, and parses it strictly.
 */
#ifndef NODE_STAGE2_ARGS_H
#define NODE_STAGE2_ARGS_H

#include <stddef.h>
#include "compiler.h"

#define STAGE2_ARG_SLOT "--slot="
#define STAGE2_ARG_TRIAL "--trial"
#define STAGE2_ARG_INSTALL "--install="
#define STAGE2_INSTALL_MAX 31	/* a disk's kernel name, or "-" */
#define STAGE2_ARGV_MAX 5	/* init, --slot=x, --trial, --install=..., NULL */

struct stage2_args {
	char slot;	/* 'a', 'b', or 0 when not given */
	int trial;	/* a boot-counting (trial) boot: fatal failures reboot to fall back */
	/*
	 * Installer mode when not empty: the kernel name of the disk the installer came from (never
	 * a target), or "-" when it came over the network. [a-z0-9], at most STAGE2_INSTALL_MAX.
	 */
	char install[STAGE2_INSTALL_MAX + 1];
	char install_arg[sizeof STAGE2_ARG_INSTALL + STAGE2_INSTALL_MAX];	/* for build */
};

/*
 * argv[1..argc-1] may hold --slot=a, --slot=b, --trial and --install=DISK, each at most once;
 * anything else is an error. 0, or -1 with a reason in err.
 */
int stage2_args_parse(int argc, char *const argv[], struct stage2_args *a, char *err,
		      size_t errcap) WUR;

/* Fills argv (STAGE2_ARGV_MAX entries, NULL-terminated) to exec init with a; slot 0 and an empty
 * install are left out. argv may point into a (install_arg), which must outlive it. */
void stage2_args_build(struct stage2_args *a, const char *init, char *argv[STAGE2_ARGV_MAX]);

#endif
