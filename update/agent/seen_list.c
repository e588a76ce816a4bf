#include <stdio.h>
#include <string.h>

#include "fs_util.h"
#include "hex.h"
#include "seen_list.h"

int seen_list_has(const char *text, size_t len, const uint8_t sha256[32])
{
	char hex[65];
	size_t pos = 0;

	hex_encode(sha256, 32, hex);
	while (pos + 64 <= len) {
		const char *nl = memchr(text + pos, '\n', len - pos);

		if (memcmp(text + pos, hex, 64) == 0 && (pos + 64 == len || text[pos + 64] == ' ' ||
							 text[pos + 64] == '\n'))
			return 1;
		if (nl == NULL)
			break;
		pos = (size_t)(nl - text) + 1;
	}
	return 0;
}

size_t seen_list_add(const char *text, size_t len, const uint8_t sha256[32], const char *result,
		     uint64_t when, const char *name, char *out, size_t cap)
{
	char line[SEEN_LINE_MAX], hex[65];
	size_t lines = 0, pos = 0, i, n, used;
	int k;

	hex_encode(sha256, 32, hex);
	k = snprintf(line, sizeof line, "%s %s %llu ", hex, result, (unsigned long long)when);
	n = k < 0 ? 0 : (size_t)k;
	for (i = 0; name[i] != '\0' && n < sizeof line - 2; i++)
		line[n++] = name[i] > 0x20 && name[i] < 0x7f ? name[i] : '?';
	line[n++] = '\n';
	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	/* drop the oldest lines so that SEEN_MAX remain with the new one */
	while (lines >= SEEN_MAX && pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);

		pos = nl == NULL ? len : (size_t)(nl - text) + 1;
		lines--;
	}
	used = len - pos < cap ? len - pos : cap;
	memcpy(out, text + pos, used);
	if (used + n <= cap) {
		memcpy(out + used, line, n);
		used += n;
	}
	return used;
}

int seen_list_load(const char *dir, char *buf, size_t *len, struct upd_error *err)
{
	char path[NU_PATH_MAX];
	int rc;

	*len = 0;
	buf[0] = '\0';
	if (path_join(path, sizeof path, dir, SEEN_FILE_NAME, err) < 0)
		return -1;
	rc = file_read_small(path, buf, SEEN_FILE_MAX + 1, len, err);
	return rc < 0 ? -1 : 0;
}
