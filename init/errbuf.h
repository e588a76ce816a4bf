/* Caller-owned error buffers: parsers and helpers describe what failed, on what, why. */
#ifndef NODE_ERRBUF_H
#define NODE_ERRBUF_H

#include <stddef.h>
#include "compiler.h"

#define ERR_MAX 384

/* Formats into err (always NUL-terminated, truncated if needed). Does nothing if cap is 0. */
void err_set(char *err, size_t cap, const char *fmt, ...) PRINTF_LIKE(3, 4);

#endif
