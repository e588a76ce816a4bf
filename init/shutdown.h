/* The end of the machine (REFERENCE A.2.7), after the services were stopped. */
#ifndef NODE_SHUTDOWN_H
#define NODE_SHUTDOWN_H

#include "signal_map.h"

#define SHUTDOWN_GRACE_MS 3000		/* between kill(-1, TERM) and kill(-1, KILL), like s6 */
#define SHUTDOWN_KILL_REAP_MS 1000

/*
 * sync, TERM+CONT to every process, grace while reaping, sync, KILL, reap, unmount (see
 * umount_all), sync, then reboot(2) from a forked child; PID 1 itself waits forever.
 */
_Noreturn void shutdown_finish(int sfd, enum node_action action);

/* The last step alone: sync, reboot(2) from a forked child; PID 1 itself waits forever. */
_Noreturn void shutdown_reboot_now(enum node_action action);

#endif
