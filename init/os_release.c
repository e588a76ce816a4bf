#include <string.h>

#include "os_release.h"

/* Unquotes one value: "..." allows \" \\ \$ \` escapes, '...' is literal, bare runs to the end. */
static int unquote(const char *v, size_t n, char *out, size_t cap)
{
	size_t i = 0, o = 0;
	char q = 0;

	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		n--;
	if (n > 0 && (v[0] == '"' || v[0] == '\'')) {
		q = v[0];
		if (n < 2 || v[n - 1] != q)
			return -1;
		i = 1;
		n--;
	}
	for (; i < n; i++) {
		char c = v[i];

		if (q == '"' && c == '\\' && i + 1 < n)
			c = v[++i];
		if (o + 1 >= cap)
			return -1;
		out[o++] = c;
	}
	if (cap == 0)
		return -1;
	out[o] = '\0';
	return 0;
}

int os_release_value(const char *buf, size_t len, const char *key, char *out, size_t cap)
{
	size_t pos = 0, k = strlen(key);

	while (pos < len) {
		const char *line = buf + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - line) : len - pos;

		pos += n + 1;
		if (n > k && memcmp(line, key, k) == 0 && line[k] == '=')
			return unquote(line + k + 1, n - k - 1, out, cap);
	}
	return -1;
}
