#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "errbuf.h"
#include "loader_entry.h"

#define GRAMMAR "node-<a|b>[+LEFT[-DONE]].efi"

/* 1..LOADER_COUNTER_DIGITS_MAX decimal digits worth at most INT_MAX; advances *p past them. */
static int counter(const char **p)
{
	const char *s = *p;
	uint64_t v = 0;
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9') {
		if (n == LOADER_COUNTER_DIGITS_MAX)
			return -1;
		v = v * 10 + (uint64_t)(s[n] - '0');
		n++;
	}
	if (n == 0 || v > INT_MAX)
		return -1;
	*p = s + n;
	return 0;
}

int loader_entry_parse(const char *name, struct loader_entry *e, char *err, size_t errcap)
{
	const size_t pl = sizeof LOADER_ENTRY_PREFIX - 1;
	size_t n = strnlen(name, LOADER_ENTRY_NAME_MAX + 1);
	const char *p;
	int counting = 0;

	memset(e, 0, sizeof *e);
	if (n > LOADER_ENTRY_NAME_MAX) {
		err_set(err, errcap, "'%.40s...' is longer than %d characters, so not " GRAMMAR, name,
			LOADER_ENTRY_NAME_MAX);
		return -1;
	}
	if (strncmp(name, LOADER_ENTRY_PREFIX, pl) != 0) {
		err_set(err, errcap, "'%s' does not start with '" LOADER_ENTRY_PREFIX "' (want " GRAMMAR ")",
			name);
		return -1;
	}
	if (name[pl] != 'a' && name[pl] != 'b') {
		err_set(err, errcap, "'%s' names no slot a or b (want " GRAMMAR ")", name);
		return -1;
	}
	p = name + pl + 1;
	if (*p == '+') {
		p++;
		if (counter(&p) != 0 || (*p == '-' && (p++, counter(&p) != 0))) {
			err_set(err, errcap,
				"'%s' has a malformed boot counter (want " GRAMMAR ", counters of 1-%d digits up to %d)",
				name, LOADER_COUNTER_DIGITS_MAX, INT_MAX);
			return -1;
		}
		counting = 1;
	}
	if (strcmp(p, LOADER_ENTRY_SUFFIX) != 0) {
		err_set(err, errcap,
			"'%s' does not end in '" LOADER_ENTRY_SUFFIX "' right after the slot or counter (want " GRAMMAR ")",
			name);
		return -1;
	}
	e->slot = name[pl];
	e->counting = counting;
	return 0;
}
