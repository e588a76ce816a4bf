/* Runs a helper program (mke2fs, e2fsck, nft, ip) as a child and waits for it. */
#ifndef NODE_CHILD_RUN_H
#define NODE_CHILD_RUN_H

#include <stddef.h>
#include "compiler.h"

/*
 * Forks, execs argv[0] with argv and the child environment (stdin /dev/null, output on the
 * console), waits for that pid. 0 with its wait status in *wstatus, or -1 with a reason in err.
 */
int child_run_wait(char *const argv[], int *wstatus, char *err, size_t errcap) WUR;

/*
 * The same, with the child's stdout and stderr captured into out (NUL-terminated; what does not
 * fit is read and dropped, so the child never blocks on a full pipe). *len is what was kept.
 */
int child_run_capture(char *const argv[], char *out, size_t cap, size_t *len, int *wstatus,
		      char *err, size_t errcap) WUR;

#endif
