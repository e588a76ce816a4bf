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
#define STAGE2_ARGV_MAX 4	/* init, --slot=x, --trial, NULL */

struct stage2_args {
	char slot;	/* 'a', 'b', or 0 when not given */
	int trial;	/* a boot-counting (trial) boot: fatal failures reboot to fall back */
};

/*
 * argv[1..argc-1] may hold --slot=a, --slot=b and --trial, each at most once; anything else is an
 * error. 0, or -1 with a reason in err.
 */
int stage2_args_parse(int argc, char *const argv[], struct stage2_args *a, char *err,
		      size_t errcap) WUR;

/* Fills argv (STAGE2_ARGV_MAX entries, NULL-terminated) to exec init with a; slot 0 is left out. */
void stage2_args_build(const struct stage2_args *a, const char *init, char *argv[STAGE2_ARGV_MAX]);

#endif
