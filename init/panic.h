/* The single place every fatal failure ends: PID 1 must never exit (exit = kernel panic). */
#ifndef NODE_PANIC_H
#define NODE_PANIC_H

#include "compiler.h"

/* Prints "node: FAIL <step>: <detail>" and sleeps forever with signals still blocked. */
_Noreturn void node_panic(const char *step, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
