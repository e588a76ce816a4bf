#include <string.h>

#include "fw_listing.h"

int64_t fw_duration_ms(const char *s, size_t len)
{
	uint64_t total = 0, v = 0;
	size_t i = 0;
	int digits = 0, parts = 0;

	while (i < len) {
		char c = s[i];

		if (c >= '0' && c <= '9') {
			if (++digits > 12)
				return -1;
			v = v * 10 + (uint64_t)(c - '0');
			i++;
			continue;
		}
		if (digits == 0)
			return -1;
		if (c == 'm' && i + 1 < len && s[i + 1] == 's') {
			total += v;
			i += 2;
		} else if (c == 'd') {
			total += v * 86400000u;
			i++;
		} else if (c == 'h') {
			total += v * 3600000u;
			i++;
		} else if (c == 'm') {
			total += v * 60000u;
			i++;
		} else if (c == 's') {
			total += v * 1000u;
			i++;
		} else {
			return -1;
		}
		v = 0;
		digits = 0;
		parts++;
	}
	return digits != 0 || parts == 0 ? -1 : (int64_t)total;
}

static const char *find(const char *hay, size_t len, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= len; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

static uint64_t number_after(const char *l, size_t n, const char *key, int *ok)
{
	const char *p = find(l, n, key), *end = l + n;
	uint64_t v = 0;
	int digits = 0;

	if (p == NULL) {
		*ok = 0;
		return 0;
	}
	for (p += strlen(key); p < end && *p >= '0' && *p <= '9' && digits < 20; p++, digits++)
		v = v * 10 + (uint64_t)(*p - '0');
	*ok = *ok && digits > 0;
	return v;
}

static void counter_line(const char *l, size_t n, struct fw_report *r)
{
	const char *c = find(l, n, "comment \""), *q;
	struct fw_counter *k;
	int ok = 1;
	size_t nl;

	if (c == NULL || r->counters == FW_COUNTERS_MAX)
		return;
	c += 9;
	q = memchr(c, '"', (size_t)(l + n - c));
	nl = q != NULL ? (size_t)(q - c) : 0;
	if (nl == 0 || nl > FW_NAME_MAX)
		return;
	k = &r->counter[r->counters];
	k->packets = number_after(l, n, "counter packets ", &ok);
	k->bytes = number_after(l, n, " bytes ", &ok);
	if (!ok)
		return;
	memcpy(k->name, c, nl);
	k->name[nl] = '\0';
	r->counters++;
}

/* One element: "203.0.113.1 timeout 1h expires 59m58s123ms" (timeout/expires optional). */
static void element(const char *e, size_t n, struct fw_report *r)
{
	const char *end = e + n, *w = e, *x;
	struct fw_dropped *d;
	size_t al;

	while (w < end && (*w == ' ' || *w == '\t' || *w == '\n'))
		w++;
	for (x = w; x < end && *x != ' ' && *x != '\t' && *x != '\n'; x++)
		;
	al = (size_t)(x - w);
	if (al == 0 || al > FW_ADDR_MAX || r->ndropped == FW_DROPPED_MAX)
		return;
	d = &r->dropped[r->ndropped];
	memcpy(d->addr, w, al);
	d->addr[al] = '\0';
	d->expires_ms = 0;
	x = find(w, (size_t)(end - w), "expires ");
	if (x != NULL) {
		const char *v = x + 8, *ve = v;
		int64_t ms;

		while (ve < end && *ve != ' ' && *ve != '\t' && *ve != '\n' && *ve != ',')
			ve++;
		ms = fw_duration_ms(v, (size_t)(ve - v));
		if (ms >= 0)
			d->expires_ms = (uint64_t)ms;
	}
	r->ndropped++;
}

/* "set dropped4 {" ... "elements = { a, b, c }" ... "}" */
static void dropped_set(const char *text, size_t len, const char *name, struct fw_report *r)
{
	const char *s = find(text, len, name), *end = text + len, *e, *close, *t;

	if (s == NULL)
		return;
	close = find(s, (size_t)(end - s), "\n\t}");
	if (close == NULL)
		close = end;
	t = find(s, (size_t)(close - s), "\ttimeout ");
	if (t != NULL && r->timeout_ms == 0) {
		const char *v = t + 9, *ve = v;
		int64_t ms;

		while (ve < close && *ve != '\n')
			ve++;
		ms = fw_duration_ms(v, (size_t)(ve - v));
		if (ms > 0)
			r->timeout_ms = (uint64_t)ms;
	}
	e = find(s, (size_t)(close - s), "elements = {");
	if (e == NULL)
		return;
	e += 12;
	while (e < close) {
		const char *stop = e;

		while (stop < close && *stop != ',' && *stop != '}')
			stop++;
		element(e, (size_t)(stop - e), r);
		if (stop >= close || *stop == '}')
			break;
		e = stop + 1;
	}
}

/* Every rule with a counter, line by line: both tables' counters read the same way. */
static void counter_lines(const char *text, size_t len, struct fw_report *r)
{
	size_t pos = 0;

	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - l) : len - pos;

		pos += n + 1;
		if (find(l, n, "counter packets ") != NULL)
			counter_line(l, n, r);
	}
}

void fw_listing_parse(const char *text, size_t len, struct fw_report *r)
{
	static const char head[] = "table inet node {";

	memset(r, 0, sizeof *r);
	r->have_table = len >= sizeof head - 1 && memcmp(text, head, sizeof head - 1) == 0;
	if (!r->have_table)
		return;
	counter_lines(text, len, r);
	dropped_set(text, len, "set dropped4 {", r);
	dropped_set(text, len, "set dropped6 {", r);
}

void fw_listing_parse_wire(const char *text, size_t len, struct fw_report *r)
{
	static const char head[] = "table netdev node_wire {";

	r->have_wire = len >= sizeof head - 1 && memcmp(text, head, sizeof head - 1) == 0;
	if (r->have_wire)
		counter_lines(text, len, r);
}
