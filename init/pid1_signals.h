/* PID 1 signal discipline (REFERENCE A.2.2): block everything but faults, consume synchronously. */
#ifndef NODE_PID1_SIGNALS_H
#define NODE_PID1_SIGNALS_H

#include <signal.h>
#include "compiler.h"

/* Blocks every signal except SEGV/BUS/ILL/FPE/ABRT/TRAP/SYS; *blocked receives the set. 0 or -1. */
int pid1_block_signals(sigset_t *blocked) WUR;

/* Reads and discards whatever the signalfd holds (the caller decides what to act on first). */
void pid1_signals_discard(int sfd);

/* In a forked child before exec: default dispositions and an empty mask (both survive execve). */
int child_reset_signals(void) WUR;

#endif
