#include <string.h>

#include "mounts_parse.h"

/* Decodes "\ooo" escapes in place; the kernel escapes space, tab, newline and backslash. */
static void unescape(char *s)
{
	char *o = s;

	while (*s != '\0') {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
}

/* Next space-separated field of the line [*p, end), NUL-terminated in place. */
static char *field(char **p, char *end)
{
	char *s = *p, *e;

	while (s < end && *s == ' ')
		s++;
	if (s >= end)
		return NULL;
	e = s;
	while (e < end && *e != ' ')
		e++;
	*p = e < end ? e + 1 : end;
	*e = '\0';
	return s;
}

int mounts_parse(char *buf, size_t len, struct mount_entry *out, size_t cap, size_t *count)
{
	size_t pos = 0;

	*count = 0;
	while (pos < len) {
		char *line = buf + pos, *nl = memchr(line, '\n', len - pos), *p = line, *end, *dir, *type;

		end = nl != NULL ? nl : buf + len;
		pos = (size_t)(end - buf) + 1;
		if (end == line)
			continue;
		/* "<source> <dir> <fstype> <options> <dump> <pass>" */
		if (field(&p, end) == NULL || (dir = field(&p, end)) == NULL ||
		    (type = field(&p, end)) == NULL)
			return -1;
		if (*count == cap)
			return -1;
		unescape(dir);
		out[*count].dir = dir;
		out[*count].fstype = type;
		(*count)++;
	}
	return 0;
}

int umount_should_skip(const char *dir, const char *fstype)
{
	static const char *const keep_dirs[] = { "/", "/proc", "/sys", "/dev" };
	static const char *const keep_types[] = { "devtmpfs", "proc", "sysfs" };
	size_t i;

	for (i = 0; i < sizeof keep_dirs / sizeof keep_dirs[0]; i++)
		if (strcmp(dir, keep_dirs[i]) == 0)
			return 1;
	for (i = 0; i < sizeof keep_types / sizeof keep_types[0]; i++)
		if (strcmp(fstype, keep_types[i]) == 0)
			return 1;
	return 0;
}
