#include <string.h>

#include "os_release.h"

static int value_copy(const char *v, size_t n, const char *key, char *out, size_t cap,
		      struct upd_error *err)
{
	size_t i;

	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v++;
		n -= 2;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e || v[i] == '\\' ||
		    v[i] == '"' || v[i] == '\'')
			return upd_fail(err, UPD_ERR_BAD, "os-release %s: value has a quote, a "
					"backslash or a non-printable byte", key);
	if (n >= cap)
		return upd_fail(err, UPD_ERR_BAD, "os-release %s: value is longer than %zu bytes",
				key, cap - 1);
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

int os_release_value(const char *text, size_t len, const char *key, char *out, size_t cap,
		     struct upd_error *err)
{
	size_t klen = strlen(key), pos = 0;
	const char *nul = memchr(text, '\0', len);
	int found = 0;

	if (nul != NULL)
		len = (size_t)(nul - text);
	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - line) : len - pos;

		pos += n + 1;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n > klen && memcmp(line, key, klen) == 0 && line[klen] == '=') {
			if (value_copy(line + klen + 1, n - klen - 1, key, out, cap, err) < 0)
				return -1;
			found = 1;
		}
	}
	return found;
}
