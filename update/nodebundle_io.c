#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nodebundle.h"
#include "upd_io.h"

#define NB_COPY_BYTES (1 << 20)
#define NB_ZERO_BYTES 4096

static char tmp_path[PATH_MAX];  /* removed by nb_die while a new file is being written */

_Noreturn void nb_die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("nodebundle: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (tmp_path[0] != '\0')
		(void)unlink(tmp_path);
	exit(code);
}

_Noreturn void nb_die_upd(const char *context, const struct upd_error *err)
{
	int code = err->kind == UPD_ERR_POLICY ? NB_EXIT_POLICY
		   : err->kind == UPD_ERR_SYS  ? NB_EXIT_SYS
					       : NB_EXIT_BAD;

	nb_die(code, "%s: %s", context, err->msg);
}

_Noreturn void nb_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("nodebundle: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nusage: nodebundle create --root ROOT_IMG --verity VERITY_ENV --uki UKI --version V "
	      "--min-version V --product P -o OUT\n"
	      "       nodebundle sign -s KEY.minisign_secret BUNDLE\n"
	      "       nodebundle attach-sig [-p KEY.pub ...] BUNDLE SIGFILE\n"
	      "       nodebundle verify -p KEY.pub [-p KEY.pub ...] [--product P] [--installed V] "
	      "[--floor V] BUNDLE|-\n"
	      "       nodebundle sign-file -s KEY.minisign_secret FILE\n",
	      stderr);
	exit(NB_EXIT_USAGE);
}

int nb_open_read(const char *path)
{
	int fd;

	if (strcmp(path, "-") == 0)
		return STDIN_FILENO;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		nb_die(NB_EXIT_SYS, "%s: cannot open: %s", path, strerror(errno));
	return fd;
}

void nb_read_small(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	int fd = nb_open_read(path);
	ssize_t n = upd_read_full(fd, buf, cap);
	uint8_t extra;

	if (n < 0)
		nb_die(NB_EXIT_SYS, "%s: read error: %s", path, strerror(errno));
	if ((size_t)n == cap) {
		ssize_t m = upd_read_full(fd, &extra, 1);

		if (m != 0)
			nb_die(NB_EXIT_BAD, "%s: larger than the %zu bytes such a file may have", path,
			       cap);
	}
	if (close(fd) < 0)
		nb_die(NB_EXIT_SYS, "%s: close: %s", path, strerror(errno));
	*len = (size_t)n;
}

void nb_read_exact(int fd, void *buf, size_t len, const char *path)
{
	ssize_t n = upd_read_full(fd, buf, len);

	if (n < 0)
		nb_die(NB_EXIT_SYS, "%s: read error: %s", path, strerror(errno));
	if ((size_t)n != len)
		nb_die(NB_EXIT_BAD, "%s: ends early (wanted %zu more bytes, got %zd)", path, len, n);
}

void nb_pread_exact(int fd, void *buf, size_t len, off_t off, const char *path)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, (uint8_t *)buf + got, len - got, off + (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			nb_die(NB_EXIT_SYS, "%s: read error: %s", path, strerror(errno));
		if (n == 0)
			nb_die(NB_EXIT_BAD, "%s: ends early at offset %lld", path,
			       (long long)(off + (off_t)got));
		got += (size_t)n;
	}
}

void nb_write_all(int fd, const void *buf, size_t len, const char *path)
{
	const uint8_t *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			nb_die(NB_EXIT_SYS, "%s: write error: %s", path, strerror(errno));
		p += n;
		len -= (size_t)n;
	}
}

void nb_pwrite_all(int fd, const void *buf, size_t len, off_t off, const char *path)
{
	const uint8_t *p = buf;

	while (len > 0) {
		ssize_t n = pwrite(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			nb_die(NB_EXIT_SYS, "%s: write error: %s", path, strerror(errno));
		p += n;
		off += n;
		len -= (size_t)n;
	}
}

void nb_write_zeros(int fd, size_t len, const char *path)
{
	static const uint8_t zeros[NB_ZERO_BYTES];

	while (len > 0) {
		size_t n = len < sizeof zeros ? len : sizeof zeros;

		nb_write_all(fd, zeros, n, path);
		len -= n;
	}
}

void nb_copy_to_end(int in, const char *inpath, int out, const char *outpath)
{
	uint8_t *buf = nb_malloc(NB_COPY_BYTES);
	ssize_t n;

	while ((n = upd_read_full(in, buf, NB_COPY_BYTES)) > 0)
		nb_write_all(out, buf, (size_t)n, outpath);
	if (n < 0)
		nb_die(NB_EXIT_SYS, "%s: read error: %s", inpath, strerror(errno));
	free(buf);
}

void *nb_malloc(size_t len)
{
	void *p = malloc(len);

	if (p == NULL)
		nb_die(NB_EXIT_SYS, "out of memory (%zu bytes)", len);
	return p;
}

int nb_tmp_create(const char *final, char *tmp, size_t cap)
{
	int n = snprintf(tmp, cap, "%s.tmp.XXXXXX", final), fd;

	if (n < 0 || (size_t)n >= cap || (size_t)n >= sizeof tmp_path)
		nb_die(NB_EXIT_USAGE, "%s: path too long", final);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		nb_die(NB_EXIT_SYS, "%s: cannot create a temporary file beside it: %s", final,
		       strerror(errno));
	memcpy(tmp_path, tmp, (size_t)n + 1);
	if (fchmod(fd, 0644) < 0)
		nb_die(NB_EXIT_SYS, "%s: chmod: %s", tmp, strerror(errno));
	return fd;
}

void nb_tmp_commit(int fd, const char *tmp, const char *final)
{
	char dir[PATH_MAX];
	int dfd;

	if (fsync(fd) < 0)
		nb_die(NB_EXIT_SYS, "%s: fsync: %s", tmp, strerror(errno));
	if (close(fd) < 0)
		nb_die(NB_EXIT_SYS, "%s: close: %s", tmp, strerror(errno));
	if (rename(tmp, final) < 0)
		nb_die(NB_EXIT_SYS, "%s: cannot rename to %s: %s", tmp, final, strerror(errno));
	tmp_path[0] = '\0';
	/* make the rename itself durable */
	snprintf(dir, sizeof dir, "%s", final);
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) < 0)
		nb_die(NB_EXIT_SYS, "%s: cannot sync its directory: %s", final, strerror(errno));
	(void)close(dfd);
}

uint64_t nb_member_mtime(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	unsigned long long v;
	time_t now;

	if (sde != NULL && *sde != '\0') {
		errno = 0;
		v = strtoull(sde, &end, 10);
		if (errno != 0 || *end != '\0' || *sde == '-')
			nb_die(NB_EXIT_USAGE, "SOURCE_DATE_EPOCH=\"%s\" is not a number of seconds", sde);
		return v;
	}
	now = time(NULL);
	return now < 0 ? 0 : (uint64_t)now;
}
