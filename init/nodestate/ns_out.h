/* A caller-owned output buffer: formatters append, and an overflow is remembered, never
 * truncated silently (the caller checks ns_out_ok before sending or printing). */
#ifndef NODESTATE_NS_OUT_H
#define NODESTATE_NS_OUT_H

#include <stddef.h>

#include "nodestate.h"

struct ns_out {
	char *buf;
	size_t cap, len;
	int overflow;
};

void ns_out_init(struct ns_out *o, char *buf, size_t cap);
void ns_out_printf(struct ns_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A JSON string with its quotes: " \ and control bytes escaped; bytes above 0x7e become '?'
 * (the sources are ASCII; anything else is garbage and must not make the JSON invalid UTF-8). */
void ns_out_json_str(struct ns_out *o, const char *s);
/* A Prometheus label value without quotes: \ " and newline escaped (exposition format 0.0.4);
 * other control bytes and bytes above 0x7e become '?', so the output stays valid UTF-8. */
void ns_out_label(struct ns_out *o, const char *s);
/* 1 if everything fit (buf is NUL-terminated), 0 after an overflow. */
int ns_out_ok(const struct ns_out *o);

/* The three views of a collected state. */
void ns_format_text(struct ns_out *o, const struct node_state *st);
void ns_format_json(struct ns_out *o, const struct node_state *st);
void ns_format_metrics(struct ns_out *o, const struct node_state *st);

#define NS_OUT_MAX (128 * 1024)	/* 16 services, 16 counters, 512 dropped addresses fit */

#endif
