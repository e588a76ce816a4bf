#include <stdio.h>

#include "version.h"

/* One part: digits up to the next dot or the end; returns the bytes used, or 0 if invalid. */
static size_t part_parse(const char *s, size_t len, uint32_t *out)
{
	size_t i = 0;
	uint32_t v = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (i == VERSION_PART_DIGITS)
			return 0;
		v = v * 10 + (uint32_t)(s[i] - '0');
		i++;
	}
	if (i == 0 || (i > 1 && s[0] == '0'))
		return 0;
	*out = v;
	return i;
}

int version_parse(const char *s, size_t len, struct version *v, struct upd_error *err)
{
	uint32_t *parts[3] = { &v->major, &v->minor, &v->patch };
	size_t pos = 0;
	int i;

	for (i = 0; i < 3; i++) {
		size_t n = part_parse(s + pos, len - pos, parts[i]);

		if (n == 0)
			goto bad;
		pos += n;
		if (i < 2) {
			if (pos >= len || s[pos] != '.')
				goto bad;
			pos++;
		}
	}
	if (pos == len)
		return 0;
bad:
	return upd_fail(err, UPD_ERR_BAD,
			"version \"%.*s\" is not MAJOR.MINOR.PATCH (each 0..%u, no leading zeros)",
			len > 40 ? 40 : (int)len, s, VERSION_PART_MAX);
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

int version_compare(const struct version *a, const struct version *b)
{
	if (a->major != b->major)
		return cmp_u32(a->major, b->major);
	if (a->minor != b->minor)
		return cmp_u32(a->minor, b->minor);
	return cmp_u32(a->patch, b->patch);
}

char *version_format(const struct version *v, char out[VERSION_STR_MAX])
{
	/* parts are at most 999999, so this always fits */
	snprintf(out, VERSION_STR_MAX, "%u.%u.%u", (unsigned)v->major, (unsigned)v->minor,
		 (unsigned)v->patch);
	return out;
}
