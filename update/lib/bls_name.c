#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "bls_name.h"

static const char *const suffixes[] = { ".efi", ".conf" };

static int stem_char_ok(char c)
{
	return c > 0x20 && c < 0x7f && c != '/' && c != '\\';
}

static int stem_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > BLS_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!stem_char_ok(s[i]))
			return 0;
	return 1;
}

/* Decimal digits only (leading zeros allowed: the spec now suggests keeping the width), <= INT_MAX. */
static int count_parse(const char *s, size_t len, int *out)
{
	long long v = 0;
	size_t i;

	if (len == 0 || len > BLS_COUNT_DIGITS_MAX)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > INT_MAX)
		return -1;
	*out = (int)v;
	return 0;
}

static int counter_parse(const char *s, size_t len, struct bls_name *b)
{
	const char *dash = memchr(s, '-', len);

	b->counting = 1;
	if (dash == NULL) {
		b->has_done = 0;
		b->done = 0;
		return count_parse(s, len, &b->left);
	}
	b->has_done = 1;
	return count_parse(s, (size_t)(dash - s), &b->left) < 0 ||
			       count_parse(dash + 1, len - (size_t)(dash - s) - 1, &b->done) < 0
		       ? -1
		       : 0;
}

int bls_name_parse(const char *name, struct bls_name *b, struct upd_error *err)
{
	size_t len = strnlen(name, BLS_NAME_MAX + 1), base = 0, i;
	const char *plus;

	memset(b, 0, sizeof *b);
	if (len > BLS_NAME_MAX)
		return upd_fail(err, UPD_ERR_BAD, "boot entry name is longer than %d bytes",
				BLS_NAME_MAX);
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t n = strlen(suffixes[i]);

		if (len > n && memcmp(name + len - n, suffixes[i], n) == 0) {
			base = len - n;
			memcpy(b->suffix, suffixes[i], n + 1);
			break;
		}
	}
	if (base == 0)
		return upd_fail(err, UPD_ERR_BAD,
				"boot entry \"%.*s\" does not end in .efi or .conf after a name",
				(int)len, name);
	/* the last '+' starts the counter, as systemd-boot v252 reads it */
	plus = NULL;
	for (i = 0; i < base; i++)
		if (name[i] == '+')
			plus = name + i;
	if (plus != NULL) {
		size_t stem = (size_t)(plus - name);

		if (counter_parse(plus + 1, base - stem - 1, b) < 0)
			return upd_fail(err, UPD_ERR_BAD,
					"boot entry \"%s\": counter \"%.*s\" is not LEFT[-DONE] "
					"(decimal, at most %d)",
					name, (int)(base - stem - 1), plus + 1, INT_MAX);
		base = stem;
	}
	if (!stem_ok(name, base))
		return upd_fail(err, UPD_ERR_BAD,
				"boot entry \"%s\": name before the counter is empty or has "
				"'/', '\\\\', spaces or non-printable bytes",
				name);
	memcpy(b->stem, name, base);
	b->stem[base] = '\0';
	return 0;
}

int bls_name_format(const struct bls_name *b, char *out, size_t cap, struct upd_error *err)
{
	int n;

	if (!stem_ok(b->stem, strlen(b->stem)) ||
	    (strcmp(b->suffix, ".efi") != 0 && strcmp(b->suffix, ".conf") != 0))
		return upd_fail(err, UPD_ERR_BAD, "boot entry stem or suffix is invalid");
	if (b->counting && (b->left < 0 || b->done < 0))
		return upd_fail(err, UPD_ERR_BAD, "boot entry counters must not be negative");
	if (!b->counting)
		n = snprintf(out, cap, "%s%s", b->stem, b->suffix);
	else if (b->has_done)
		n = snprintf(out, cap, "%s+%d-%d%s", b->stem, b->left, b->done, b->suffix);
	else
		n = snprintf(out, cap, "%s+%d%s", b->stem, b->left, b->suffix);
	if (n < 0 || (size_t)n >= cap || (size_t)n > BLS_NAME_MAX)
		return upd_fail(err, UPD_ERR_BAD, "boot entry name for \"%s\" does not fit", b->stem);
	return 0;
}
