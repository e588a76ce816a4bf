/*
 * Status lines: "node: <step>: <detail> (t=S.mmms)" on /dev/console and, as user.info (user.warning
 * for a FAIL line), on /dev/kmsg ("quiet" keeps the kmsg copy off the console). Failures read
 * "node: FAIL <step>: ...".
 */
#ifndef NODE_STATUS_H
#define NODE_STATUS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

#define STATUS_LINE_MAX 512

/*
 * Pure: formats one status line ending in "\n" into out (cap >= 64). Control characters in step or
 * detail become '?' so a hostile label cannot forge a second line. A long detail is truncated, the
 * "(t=...)" suffix is always kept. Returns the line length.
 */
size_t status_format(char *out, size_t cap, int fail, const char *step, const char *detail,
		     int64_t t_ms);

/* (Re)opens /dev/console and /dev/kmsg; until then lines go to fd 2. Returns 0 if the console opened. */
int status_open(void);

void status_line(const char *step, const char *fmt, ...) PRINTF_LIKE(2, 3);
void status_fail(const char *step, const char *fmt, ...) PRINTF_LIKE(2, 3);
void status_vline(int fail, const char *step, const char *fmt, va_list ap) PRINTF_LIKE(3, 0);

/* For forked children after their fds were rearranged: a FAIL line on fd 2 only. */
void status_child_fail(const char *step, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
