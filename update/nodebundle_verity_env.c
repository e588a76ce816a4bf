#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "nodebundle.h"

#define ENV_KEYS 4

static int name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static uint64_t number(const char *path, const char *key, const char *val, size_t len)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 19)
		nb_die(NB_EXIT_BAD, "%s: %s=\"%.*s\" is not a number", path, key, (int)len, val);
	for (i = 0; i < len; i++) {
		if (val[i] < '0' || val[i] > '9')
			nb_die(NB_EXIT_BAD, "%s: %s=\"%.*s\" is not a number", path, key, (int)len, val);
		v = v * 10 + (uint64_t)(val[i] - '0');
	}
	return v;
}

static void hash32(const char *path, const char *key, const char *val, size_t len, uint8_t *out)
{
	if (hex_decode(val, len, out, 32) < 0)
		nb_die(NB_EXIT_BAD, "%s: %s=\"%.*s\" is not 64 lowercase hex digits", path, key,
		       (int)(len > 70 ? 70 : len), val);
}

/* Lines NAME=VALUE (no quotes: build-rootimg.sh writes none); blank lines and # comments are
 * skipped, unknown names ignored so the image build may add more; the four below are required. */
void nb_verity_env_load(const char *path, struct nb_verity_env *v)
{
	static const char *const keys[ENV_KEYS] = { "DATA_BLOCKS", "HASH_START", "ROOT_HASH", "SALT" };
	char buf[NB_VERITY_ENV_MAX + 1];
	int seen[ENV_KEYS] = { 0 };
	size_t len, pos = 0, k;
	unsigned lineno = 0;

	memset(v, 0, sizeof *v);
	nb_read_small(path, (uint8_t *)buf, NB_VERITY_ENV_MAX, &len);
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL)
		nb_die(NB_EXIT_BAD, "%s: has a NUL byte; not a .verity file", path);
	while (pos < len) {
		char *line = buf + pos, *nl = memchr(line, '\n', len - pos), *eq;
		size_t llen = nl ? (size_t)(nl - line) : len - pos;

		pos += llen + (nl ? 1 : 0);
		lineno++;
		if (llen == 0 || line[0] == '#')
			continue;
		eq = memchr(line, '=', llen);
		if (eq == NULL || !name_ok(line, (size_t)(eq - line)))
			nb_die(NB_EXIT_BAD, "%s: line %u is not NAME=VALUE", path, lineno);
		for (k = 0; k < ENV_KEYS; k++) {
			const char *val = eq + 1;
			size_t vlen = llen - (size_t)(val - line);

			if ((size_t)(eq - line) != strlen(keys[k]) ||
			    memcmp(line, keys[k], strlen(keys[k])) != 0)
				continue;
			if (seen[k]++)
				nb_die(NB_EXIT_BAD, "%s: line %u: %s is set twice", path, lineno, keys[k]);
			if (k == 0)
				v->data_blocks = number(path, keys[k], val, vlen);
			else if (k == 1)
				v->hash_start = number(path, keys[k], val, vlen);
			else
				hash32(path, keys[k], val, vlen, k == 2 ? v->root : v->salt);
		}
	}
	for (k = 0; k < ENV_KEYS; k++)
		if (!seen[k])
			nb_die(NB_EXIT_BAD, "%s: %s is missing", path, keys[k]);
	if (v->data_blocks == 0 || v->hash_start != v->data_blocks + 1)
		nb_die(NB_EXIT_BAD,
		       "%s: HASH_START=%llu with DATA_BLOCKS=%llu: expected the hash tree right after "
		       "the data and its superblock (DATA_BLOCKS + 1)",
		       path, (unsigned long long)v->hash_start, (unsigned long long)v->data_blocks);
}
