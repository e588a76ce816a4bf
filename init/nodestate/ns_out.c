#include <stdarg.h>
#include <stdio.h>

#include "ns_out.h"

void ns_out_init(struct ns_out *o, char *buf, size_t cap)
{
	o->buf = buf;
	o->cap = cap;
	o->len = 0;
	o->overflow = cap == 0;
	if (cap > 0)
		buf[0] = '\0';
}

void ns_out_printf(struct ns_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->cap - o->len) {
		o->overflow = 1;
		o->buf[o->len] = '\0';
		return;
	}
	o->len += (size_t)n;
}

static void put(struct ns_out *o, const char *s, size_t n)
{
	if (o->overflow)
		return;
	if (n >= o->cap - o->len) {
		o->overflow = 1;
		return;
	}
	for (size_t i = 0; i < n; i++)
		o->buf[o->len++] = s[i];
	o->buf[o->len] = '\0';
}

void ns_out_json_str(struct ns_out *o, const char *s)
{
	put(o, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };

			put(o, e, 2);
		} else if (c < 0x20) {
			char e[8];

			snprintf(e, sizeof e, "\\u%04x", c);
			put(o, e, 6);
		} else {
			put(o, c > 0x7e ? "?" : s, 1);
		}
	}
	put(o, "\"", 1);
}

void ns_out_label(struct ns_out *o, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"')
			put(o, "\\\"", 2);
		else if (c == '\\')
			put(o, "\\\\", 2);
		else if (c == '\n')
			put(o, "\\n", 2);
		else
			put(o, c < 0x20 || c > 0x7e ? "?" : s, 1);
	}
}

int ns_out_ok(const struct ns_out *o)
{
	return !o->overflow;
}
