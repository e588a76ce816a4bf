#include <string.h>

#include "output_lines.h"

void output_lines_take(struct output_lines *l, const char *in, size_t n, output_line_fn *emit,
		       void *ctx)
{
	while (n > 0) {
		const char *nl = memchr(in, '\n', n);
		size_t part = nl != NULL ? (size_t)(nl - in) : n;
		size_t room = sizeof l->buf - l->len;

		if (part > room) {
			/* no newline within reach: the buffer's worth goes out as one piece */
			memcpy(l->buf + l->len, in, room);
			emit(l->buf, sizeof l->buf, ctx);
			l->len = 0;
			in += room;
			n -= room;
			continue;
		}
		memcpy(l->buf + l->len, in, part);
		l->len += part;
		if (nl == NULL)
			return;
		emit(l->buf, l->len, ctx);
		l->len = 0;
		in += part + 1;
		n -= part + 1;
	}
}

void output_lines_flush(struct output_lines *l, output_line_fn *emit, void *ctx)
{
	if (l->len == 0)
		return;
	emit(l->buf, l->len, ctx);
	l->len = 0;
}
