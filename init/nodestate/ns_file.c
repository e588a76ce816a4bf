#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nodestate.h"

int ns_path(char *out, size_t cap, const char *root, const char *rel)
{
	size_t rl = strlen(root);
	int n;

	while (rl > 0 && root[rl - 1] == '/')
		rl--;	/* "/" and "/tmp/fix/" join without doubled slashes */
	n = snprintf(out, cap, "%.*s%s", (int)rl, root, rel);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int ns_file_read(const char *root, const char *rel, char *buf, size_t cap, size_t *len,
		 char *why, size_t whycap)
{
	char path[NS_PATH_MAX];
	struct stat sb;
	size_t got = 0;
	int fd, e;

	*len = 0;
	if (cap == 0 || ns_path(path, sizeof path, root, rel) != 0) {
		snprintf(why, whycap, "path %s under %s is too long", rel, root);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		snprintf(why, whycap, "opening %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0) {
		e = errno;
		snprintf(why, whycap, "fstat %s: %s", path, strerror(e));
		(void)close(fd);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(why, whycap, "%s is not a regular file", path);
		(void)close(fd);
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, buf + got, cap - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			snprintf(why, whycap, "reading %s: %s", path, strerror(e));
			(void)close(fd);
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got == cap) {
			snprintf(why, whycap, "%s is larger than %zu bytes", path, cap - 1);
			(void)close(fd);
			return -1;
		}
	}
	if (close(fd) != 0) {
		snprintf(why, whycap, "closing %s: %s", path, strerror(errno));
		return -1;
	}
	buf[got] = '\0';
	*len = got;
	return 0;
}
