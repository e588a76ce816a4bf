/*
 * Cutting a service's output into lines, for PID 1 to copy into the console and the kernel's log.
 * Pure: bytes in, lines out through a callback. A line longer than OUTPUT_LINE_MAX goes out in
 * pieces of that size, because one /dev/kmsg record holds at most 992 bytes with its prefix.
 */
#ifndef NODE_OUTPUT_LINES_H
#define NODE_OUTPUT_LINES_H

#include <stddef.h>

#define OUTPUT_LINE_MAX 900	/* bytes of text per record: "<14>name[pid]: " fits in the rest */

struct output_lines {
	size_t len;
	char buf[OUTPUT_LINE_MAX];
};

/* Called with each complete line, without its newline (len may be 0 for an empty line). */
typedef void output_line_fn(const char *line, size_t len, void *ctx);

/* Takes n bytes; calls emit for each line they complete. Keeps a partial line for later. */
void output_lines_take(struct output_lines *l, const char *in, size_t n, output_line_fn *emit,
		       void *ctx);

/* A partial line kept from before (a service that exited mid-line) goes out now, if any. */
void output_lines_flush(struct output_lines *l, output_line_fn *emit, void *ctx);

#endif
