/* Stage 2: PID 1 on the read-only root, supervising services until shutdown. */
#ifndef NODE_STAGE2_H
#define NODE_STAGE2_H

#include <signal.h>

/*
 * blocked: the signal set main() blocked, which the signalfd then reads. argc/argv: what stage 1
 * passed on its exec (stage2_args.h).
 */
_Noreturn void stage2_main(const sigset_t *blocked, int argc, char *const argv[]);

#endif
