/* Runs a helper program of the root (mkdosfs, mke2fs) and waits for it: a clean environment,
 * stdin from /dev/null (a question would otherwise wait for ever), stdout discarded (the
 * agent's own lines stay readable), stderr shared so the tool's own complaint is on the
 * console too. */
#ifndef NU_TOOL_RUN_H
#define NU_TOOL_RUN_H

#include "upd_attr.h"
#include "upd_error.h"

/* argv[0] is an absolute path. 0 when it exited 0, or -1 with err (could not run, exit
 * status, signal). */
int tool_run(char *const argv[], struct upd_error *err) UPD_WUR;

#endif
