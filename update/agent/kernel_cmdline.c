#include <string.h>

#include "hex.h"
#include "kernel_cmdline.h"

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int cmdline_value(const char *cmdline, size_t len, const char *key, char *out, size_t cap,
		  struct upd_error *err)
{
	size_t klen = strlen(key), i = 0;
	const char *nul = memchr(cmdline, '\0', len);
	int found = 0;

	if (nul != NULL)
		len = (size_t)(nul - cmdline);
	while (i < len) {
		char word[CMDLINE_MAX];
		size_t n = 0;
		int quoted = 0;

		while (i < len && blank(cmdline[i]))
			i++;
		if (i == len)
			break;
		for (; i < len && (quoted || !blank(cmdline[i])); i++) {
			if (cmdline[i] == '"') {
				quoted = !quoted;
				continue;
			}
			if (n < sizeof word - 1)
				word[n++] = cmdline[i];
		}
		word[n] = '\0';
		if (n <= klen || memcmp(word, key, klen) != 0 || word[klen] != '=')
			continue;
		if (found)
			return upd_fail(err, UPD_ERR_BAD, "command line has %s= twice", key);
		if (n - klen - 1 >= cap)
			return upd_fail(err, UPD_ERR_BAD, "command line: %s= is longer than %zu bytes",
					key, cap - 1);
		memcpy(out, word + klen + 1, n - klen);
		found = 1;
	}
	return found;
}

/* Decimal without sign or leading zero, 1..2^53. */
static int number_parse(const char *s, size_t n, uint64_t *v)
{
	size_t i;

	if (n == 0 || n > 15 || (n > 1 && s[0] == '0'))
		return -1;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return *v == 0 ? -1 : 0;
}

int node_verity_parse(const char *s, struct node_verity *v, struct upd_error *err)
{
	const char *c1 = strchr(s, ':'), *c2, *c3;

	c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
	c3 = c2 != NULL ? strchr(c2 + 1, ':') : NULL;
	if (c3 == NULL || strchr(c3 + 1, ':') != NULL ||
	    number_parse(s, (size_t)(c1 - s), &v->data_blocks) < 0 ||
	    number_parse(c1 + 1, (size_t)(c2 - c1 - 1), &v->hash_start) < 0 ||
	    hex_decode(c2 + 1, (size_t)(c3 - c2 - 1), v->root, NODE_HASH_BYTES) < 0 ||
	    hex_decode(c3 + 1, strlen(c3 + 1), v->salt, NODE_HASH_BYTES) < 0)
		return upd_fail(err, UPD_ERR_BAD, "node.verity=\"%.200s\" is not "
				"DATA_BLOCKS:HASH_START:ROOT:SALT (decimal, decimal, 64 hex, 64 hex)", s);
	return 0;
}

char slot_from_string(const char *s)
{
	if (strcmp(s, "a") == 0)
		return 'a';
	if (strcmp(s, "b") == 0)
		return 'b';
	return 0;
}
