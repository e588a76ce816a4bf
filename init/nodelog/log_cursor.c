#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log_cursor.h"
#include "log_name.h"

int log_boot_id_valid(const char *s, size_t len)
{
	size_t i;

	if (len != LOG_BOOT_ID_LEN)
		return 0;
	for (i = 0; i < len; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	}
	return 1;
}

/* "KEY " then 1..maxdigits digits then '\n' at buf[*pos]; advances *pos. 0 or -1. */
static int keyed_number(const char *buf, size_t len, size_t *pos, const char *key,
			unsigned maxdigits, uint64_t max, uint64_t *out)
{
	size_t k = strlen(key), start;
	uint64_t v = 0;

	if (len - *pos < k + 1 || memcmp(buf + *pos, key, k) != 0 || buf[*pos + k] != ' ')
		return -1;
	*pos += k + 1;
	start = *pos;
	while (*pos < len && buf[*pos] >= '0' && buf[*pos] <= '9' && *pos - start < maxdigits)
		v = v * 10 + (uint64_t)(buf[(*pos)++] - '0');
	if (*pos == start || *pos >= len || buf[*pos] != '\n' || v > max)
		return -1;
	(*pos)++;
	*out = v;
	return 0;
}

int log_cursor_parse(const char *buf, size_t len, struct log_cursor *c)
{
	size_t pos = 8 + LOG_BOOT_ID_LEN + 1;
	uint64_t boot, seq;

	if (len < pos || memcmp(buf, "boot_id ", 8) != 0 || !log_boot_id_valid(buf + 8, LOG_BOOT_ID_LEN) ||
	    buf[pos - 1] != '\n')
		return -1;
	/* 19 digits always fit in 64 bits; the kernel's record numbers never get near */
	if (keyed_number(buf, len, &pos, "boot", 9, LOG_NUMBER_MAX, &boot) != 0 ||
	    keyed_number(buf, len, &pos, "seq", 19, UINT64_MAX, &seq) != 0 || pos != len)
		return -1;
	memcpy(c->boot_id, buf + 8, LOG_BOOT_ID_LEN);
	c->boot_id[LOG_BOOT_ID_LEN] = '\0';
	c->boot = (unsigned)boot;
	c->seq = seq;
	return 0;
}

size_t log_cursor_format(char out[LOG_CURSOR_MAX], const struct log_cursor *c)
{
	int n = snprintf(out, LOG_CURSOR_MAX, "boot_id %s\nboot %u\nseq %llu\n", c->boot_id, c->boot,
			 (unsigned long long)c->seq);

	return n > 0 && n < LOG_CURSOR_MAX ? (size_t)n : 0;
}

int log_cursor_read(int dirfd, struct log_cursor *c)
{
	char buf[LOG_CURSOR_MAX + 1];
	ssize_t n;
	size_t len = 0;
	int fd = openat(dirfd, LOG_CURSOR_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	/* one we may not read was left by another uid (log_prepare would not hand it over): the
	   next cursor replaces it */
	if (fd < 0)
		return errno == ENOENT || errno == ELOOP || errno == EACCES ? 0 : -1;
	/* one byte more than the longest good file: a longer one is not ours */
	while (len < sizeof buf) {
		n = read(fd, buf + len, sizeof buf - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			(void)close(fd);
			errno = e;
			return e == EISDIR || e == EINVAL ? 0 : -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	(void)close(fd);	/* read-only: nothing to lose */
	return log_cursor_parse(buf, len, c) == 0 ? 1 : 0;
}

int log_cursor_write(int dirfd, const struct log_cursor *c, int durable)
{
	char buf[LOG_CURSOR_MAX];
	size_t len = log_cursor_format(buf, c), off = 0;
	int fd, e;

	if (len == 0) {
		errno = EINVAL;
		return -1;
	}
	fd = openat(dirfd, LOG_CURSOR_TMP, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		off += (size_t)n;
	}
	if (durable && fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (renameat(dirfd, LOG_CURSOR_TMP, dirfd, LOG_CURSOR_NAME) != 0)
		goto fail;
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		(void)close(fd);
	(void)unlinkat(dirfd, LOG_CURSOR_TMP, 0);
	errno = e;
	return -1;
}
