#include <string.h>

#include "errbuf.h"
#include "moddep.h"

/* One line of modules.dep (or modules.builtin, which has no ':' and no dependencies). */
struct dep_line {
	size_t path_off, path_len;
	size_t deps_off, deps_len;
};

struct resolve_ctx {
	const char *dep;
	size_t len;
	struct moddep_plan *plan;
	size_t stack[MODDEP_MAX_DEPTH];	/* path offsets being resolved, to spot cycles */
	size_t depth;
	char *err;
	size_t errcap;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int next_line(const char *buf, size_t len, size_t *pos, struct dep_line *l)
{
	size_t s = *pos, e, pe;
	const char *nl, *colon;

	if (s >= len)
		return 0;
	nl = memchr(buf + s, '\n', len - s);
	e = nl != NULL ? (size_t)(nl - buf) : len;
	*pos = nl != NULL ? e + 1 : len;
	colon = memchr(buf + s, ':', e - s);
	pe = colon != NULL ? (size_t)(colon - buf) : e;
	while (s < pe && is_space(buf[s]))
		s++;
	while (pe > s && is_space(buf[pe - 1]))
		pe--;
	l->path_off = s;
	l->path_len = pe - s;
	l->deps_off = colon != NULL ? (size_t)(colon - buf) + 1 : e;
	l->deps_len = e - l->deps_off;
	return 1;
}

/* "kernel/drivers/md/dm-verity.ko.xz" -> "dm-verity": the base name up to its first dot. */
static void path_modname(const char *p, size_t n, const char **name, size_t *namelen)
{
	const char *slash = NULL, *dot;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '/')
			slash = p + i;
	if (slash != NULL) {
		n -= (size_t)(slash + 1 - p);
		p = slash + 1;
	}
	dot = memchr(p, '.', n);
	*name = p;
	*namelen = dot != NULL ? (size_t)(dot - p) : n;
}

static char fold(char c)
{
	return c == '-' ? '_' : c;
}

static int modname_equal(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i;

	if (an != bn)
		return 0;
	for (i = 0; i < an; i++)
		if (fold(a[i]) != fold(b[i]))
			return 0;
	return 1;
}

static int find_module(const char *buf, size_t len, const char *name, size_t namelen,
		       struct dep_line *out)
{
	size_t pos = 0;
	struct dep_line l;

	while (next_line(buf, len, &pos, &l)) {
		const char *mn;
		size_t mnl;

		if (l.path_len == 0 || buf[l.path_off] == '#')
			continue;
		path_modname(buf + l.path_off, l.path_len, &mn, &mnl);
		if (modname_equal(mn, mnl, name, namelen)) {
			*out = l;
			return 1;
		}
	}
	return 0;
}

void moddep_plan_init(struct moddep_plan *plan)
{
	plan->count = 0;
}

int moddep_contains(const char *buf, size_t len, const char *name, size_t namelen)
{
	struct dep_line l;

	return find_module(buf, len, name, namelen, &l);
}

static int in_plan(const struct moddep_plan *plan, size_t off)
{
	size_t i;

	for (i = 0; i < plan->count; i++)
		if (plan->item[i].off == off)
			return 1;
	return 0;
}

static int resolve(struct resolve_ctx *c, const char *name, size_t namelen, const char *needed_by,
		   size_t needed_by_len)
{
	struct dep_line l;
	size_t i, p, end;

	if (namelen == 0 || namelen >= MODULE_NAME_MAX) {
		err_set(c->err, c->errcap, "module name '%.*s' is empty or longer than %d bytes",
			(int)(namelen > 64 ? 64 : namelen), name, MODULE_NAME_MAX - 1);
		return -1;
	}
	if (!find_module(c->dep, c->len, name, namelen, &l)) {
		if (needed_by != NULL)
			err_set(c->err, c->errcap, "module %.*s (needed by %.*s) is not in modules.dep",
				(int)namelen, name, (int)needed_by_len, needed_by);
		else
			err_set(c->err, c->errcap, "module %.*s is not in modules.dep", (int)namelen, name);
		return -1;
	}
	if (in_plan(c->plan, l.path_off))
		return 0;
	for (i = 0; i < c->depth; i++) {
		if (c->stack[i] == l.path_off) {
			err_set(c->err, c->errcap, "dependency cycle through module %.*s", (int)namelen,
				name);
			return -1;
		}
	}
	if (c->depth == MODDEP_MAX_DEPTH) {
		err_set(c->err, c->errcap, "dependencies of module %.*s nest deeper than %d",
			(int)namelen, name, MODDEP_MAX_DEPTH);
		return -1;
	}
	c->stack[c->depth++] = l.path_off;
	p = l.deps_off;
	end = l.deps_off + l.deps_len;
	while (p < end) {
		size_t s;
		const char *dn;
		size_t dnl;

		while (p < end && is_space(c->dep[p]))
			p++;
		s = p;
		while (p < end && !is_space(c->dep[p]))
			p++;
		if (p == s)
			break;
		path_modname(c->dep + s, p - s, &dn, &dnl);
		if (resolve(c, dn, dnl, name, namelen) != 0)
			return -1;
	}
	c->depth--;
	if (c->plan->count == MODDEP_MAX_PLAN) {
		err_set(c->err, c->errcap, "more than %d modules to load (at %.*s)", MODDEP_MAX_PLAN,
			(int)namelen, name);
		return -1;
	}
	c->plan->item[c->plan->count].off = l.path_off;
	c->plan->item[c->plan->count].len = l.path_len;
	c->plan->count++;
	return 0;
}

int moddep_resolve(const char *dep, size_t deplen, const char *name, size_t namelen,
		   struct moddep_plan *plan, char *err, size_t errcap)
{
	struct resolve_ctx c;

	c.dep = dep;
	c.len = deplen;
	c.plan = plan;
	c.depth = 0;
	c.err = err;
	c.errcap = errcap;
	return resolve(&c, name, namelen, NULL, 0);
}

static int is_modname_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-';
}

int modlist_next(const char *buf, size_t len, size_t *pos, unsigned *lineno, const char **name,
		 size_t *namelen, char *err, size_t errcap)
{
	while (*pos < len) {
		size_t s = *pos, e, i;
		const char *nl = memchr(buf + s, '\n', len - s);
		const char *hash;

		e = nl != NULL ? (size_t)(nl - buf) : len;
		*pos = nl != NULL ? e + 1 : len;
		(*lineno)++;
		hash = memchr(buf + s, '#', e - s);
		if (hash != NULL)
			e = (size_t)(hash - buf);
		while (s < e && is_space(buf[s]))
			s++;
		while (e > s && is_space(buf[e - 1]))
			e--;
		if (s == e)
			continue;
		for (i = s; i < e; i++) {
			if (!is_modname_char(buf[i])) {
				err_set(err, errcap, "line %u: '%.*s' is not a module name", *lineno,
					(int)(e - s > 64 ? 64 : e - s), buf + s);
				return -1;
			}
		}
		if (e - s >= MODULE_NAME_MAX) {
			err_set(err, errcap, "line %u: module name longer than %d bytes", *lineno,
				MODULE_NAME_MAX - 1);
			return -1;
		}
		*name = buf + s;
		*namelen = e - s;
		return 1;
	}
	return 0;
}
