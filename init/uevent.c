#include <string.h>

#include "uevent.h"

static int parse_uint(const char *s, size_t n, unsigned *out)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*out = (unsigned)v;
	return 0;
}

static int copy_value(char *dst, size_t cap, const char *v, size_t n)
{
	if (n >= cap)
		return -1;
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

static int key_is(const char *line, size_t n, const char *key, const char **val, size_t *vlen)
{
	size_t k = strlen(key);

	if (n <= k || memcmp(line, key, k) != 0 || line[k] != '=')
		return 0;
	*val = line + k + 1;
	*vlen = n - k - 1;
	return 1;
}

int uevent_parse(const char *buf, size_t len, struct uevent_info *u)
{
	size_t pos = 0;
	int has_major = 0, has_minor = 0, has_devname = 0;

	memset(u, 0, sizeof *u);
	while (pos < len) {
		const char *line = buf + pos, *nl = memchr(line, '\n', len - pos), *v;
		size_t n = nl != NULL ? (size_t)(nl - line) : len - pos, vlen;

		pos += n + 1;
		if (key_is(line, n, "MAJOR", &v, &vlen))
			has_major = parse_uint(v, vlen, &u->major) == 0;
		else if (key_is(line, n, "MINOR", &v, &vlen))
			has_minor = parse_uint(v, vlen, &u->minor) == 0;
		else if (key_is(line, n, "DEVNAME", &v, &vlen))
			has_devname = copy_value(u->devname, sizeof u->devname, v, vlen) == 0;
		else if (key_is(line, n, "PARTNAME", &v, &vlen))
			u->has_partname = copy_value(u->partname, sizeof u->partname, v, vlen) == 0;
	}
	if (!has_major || !has_minor || !has_devname || u->devname[0] == '/' ||
	    strstr(u->devname, "..") != NULL)
		return -1;
	return 0;
}
