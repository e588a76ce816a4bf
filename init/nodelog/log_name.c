#include <stdio.h>
#include <string.h>

#include "log_name.h"

/* 6 to 9 digits; no leading zero beyond the padding to six, so each number has one name. */
static int digits(const char *s, size_t n, unsigned *out)
{
	size_t i;
	unsigned v = 0;

	if (n < 6 || n > 9 || (n > 6 && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

int log_name_parse(const char *name, unsigned *boot, unsigned *seg)
{
	size_t len = strlen(name);
	const char *dot;

	if (len < 5 + 6 + 1 + 6 + 4 || len >= LOG_NAME_MAX || memcmp(name, "boot-", 5) != 0 ||
	    strcmp(name + len - 4, ".log") != 0)
		return -1;
	dot = memchr(name + 5, '.', len - 5 - 4);
	if (dot == NULL)
		return -1;
	if (digits(name + 5, (size_t)(dot - name) - 5, boot) != 0 ||
	    digits(dot + 1, (size_t)(name + len - 4 - dot - 1), seg) != 0)
		return -1;
	return 0;
}

void log_name_format(char out[LOG_NAME_MAX], unsigned boot, unsigned seg)
{
	snprintf(out, LOG_NAME_MAX, "boot-%06u.%06u.log", boot, seg);
}
