#include <string.h>

#include "errbuf.h"
#include "services.h"

#define FIELDS_MAX (2 + SERVICE_ARGV_MAX)

static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int name_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > SERVICE_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '_' && c != '-')))
			return 0;
	}
	return 1;
}

static int parse_flags(const char *s, unsigned lineno, unsigned *flags, char *err, size_t errcap)
{
	static const struct {
		const char *word;
		unsigned bit;
	} known[] = {
		{ "notify", SERVICE_NOTIFY },
		{ "console", SERVICE_CONSOLE },
		{ "once", SERVICE_ONCE },
		{ "after-ready", SERVICE_AFTER_READY },
		{ "secrets", SERVICE_SECRETS },
	};

	*flags = 0;
	if (strcmp(s, "-") == 0)
		return 0;
	while (*s != '\0') {
		size_t n = strcspn(s, ","), k;
		int found = 0;

		for (k = 0; k < sizeof known / sizeof known[0]; k++) {
			if (strlen(known[k].word) == n && memcmp(s, known[k].word, n) == 0) {
				*flags |= known[k].bit;
				found = 1;
			}
		}
		if (!found) {
			err_set(err, errcap, "line %u: unknown flag '%.*s' (want -, notify, console, once, after-ready, secrets)",
				lineno, (int)n, s);
			return -1;
		}
		s += n;
		if (*s == ',' && *++s == '\0') {
			err_set(err, errcap, "line %u: empty flag after ','", lineno);
			return -1;
		}
	}
	if ((*flags & SERVICE_NOTIFY) && (*flags & SERVICE_ONCE)) {
		err_set(err, errcap, "line %u: flags notify and once exclude each other", lineno);
		return -1;
	}
	/* readiness of an after-ready service counts for nothing: a notify line would be a mistake */
	if ((*flags & SERVICE_NOTIFY) && (*flags & SERVICE_AFTER_READY)) {
		err_set(err, errcap,
			"line %u: flags notify and after-ready exclude each other (an after-ready service does not count towards readiness)",
			lineno);
		return -1;
	}
	return 0;
}

static int parse_line(struct services_table *t, char *line, unsigned lineno, char *err,
		      size_t errcap)
{
	char *field[FIELDS_MAX];
	size_t nf = 0, i, used = 0;
	struct service_conf *s;
	char *p = line;

	for (;;) {
		while (is_sep(*p))
			p++;
		if (*p == '\0')
			break;
		if (nf == 0 && *p == '#')
			return 0;
		if (nf == FIELDS_MAX) {
			err_set(err, errcap, "line %u: more than %d arguments (program path included)",
				lineno, SERVICE_ARGV_MAX);
			return -1;
		}
		field[nf++] = p;
		while (*p != '\0' && !is_sep(*p))
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
	if (nf == 0)
		return 0;
	if (nf < 3) {
		err_set(err, errcap, "line %u: expected '<name> <flags> <absolute path> [args...]'",
			lineno);
		return -1;
	}
	if (t->count == SERVICES_MAX) {
		err_set(err, errcap, "line %u: more than %d services", lineno, SERVICES_MAX);
		return -1;
	}
	if (!name_ok(field[0])) {
		err_set(err, errcap,
			"line %u: bad service name '%.40s' (1-%d letters, digits, '-', '_'; letter or digit first)",
			lineno, field[0], SERVICE_NAME_MAX);
		return -1;
	}
	for (i = 0; i < t->count; i++) {
		if (strcmp(t->svc[i].name, field[0]) == 0) {
			err_set(err, errcap, "line %u: service '%s' already defined on line %u", lineno,
				field[0], t->svc[i].lineno);
			return -1;
		}
	}
	if (field[2][0] != '/') {
		err_set(err, errcap, "line %u: program '%.64s' is not an absolute path", lineno,
			field[2]);
		return -1;
	}
	s = &t->svc[t->count];
	memset(s, 0, sizeof *s);
	if (parse_flags(field[1], lineno, &s->flags, err, errcap) != 0)
		return -1;
	memcpy(s->name, field[0], strlen(field[0]) + 1);
	s->lineno = lineno;
	for (i = 2; i < nf; i++) {
		size_t n = strlen(field[i]) + 1;

		/* fields plus their NULs never exceed the line they came from */
		memcpy(s->store + used, field[i], n);
		s->argv[s->argc++] = s->store + used;
		used += n;
	}
	s->argv[s->argc] = NULL;
	t->count++;
	return 0;
}

int services_parse(const char *buf, size_t len, struct services_table *t, char *err, size_t errcap)
{
	char line[SERVICE_LINE_MAX + 1];
	size_t pos = 0;
	unsigned lineno = 0;

	memset(t, 0, sizeof *t);
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - (buf + pos)) : len - pos, i;

		lineno++;
		if (n > SERVICE_LINE_MAX) {
			err_set(err, errcap, "line %u: longer than %d bytes", lineno, SERVICE_LINE_MAX);
			return -1;
		}
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)buf[pos + i];

			if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
				err_set(err, errcap, "line %u: control character 0x%02x", lineno, c);
				return -1;
			}
		}
		memcpy(line, buf + pos, n);
		line[n] = '\0';
		pos += n + 1;
		if (parse_line(t, line, lineno, err, errcap) != 0)
			return -1;
	}
	return 0;
}
