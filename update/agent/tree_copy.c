#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs_util.h"
#include "tree_copy.h"

#define COPY_CHUNK 65536

struct walk {
	struct tree_stats *st;
	struct upd_error *err;
	char path[NU_PATH_MAX];           /* the source path, for messages */
};

static int file_copy(struct walk *w, int sfd_dir, int dfd_dir, const char *name)
{
	static uint8_t buf[COPY_CHUNK];
	int in, out, e;
	ssize_t n;

	in = openat(sfd_dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return upd_fail(w->err, UPD_ERR_SYS, "opening %s: %s", w->path, strerror(errno));
	out = openat(dfd_dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (out < 0) {
		e = errno;
		(void)close(in);
		return upd_fail(w->err, UPD_ERR_SYS, "creating the copy of %s: %s", w->path,
				strerror(e));
	}
	for (;;) {
		n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (fd_write_all(out, buf, (size_t)n) < 0) {
			n = -1;
			break;
		}
	}
	e = errno;
	if (n == 0 && fsync(out) < 0)
		n = -1, e = errno;
	(void)close(in);
	if (close(out) < 0 && n == 0)
		n = -1, e = errno;
	if (n < 0)
		return upd_fail(w->err, UPD_ERR_SYS, "copying %s: %s", w->path, strerror(e));
	return 0;
}

static int dir_walk(struct walk *w, int sfd, int dfd, unsigned depth);

static int entry(struct walk *w, int sfd, int dfd, const char *name, unsigned depth)
{
	struct stat st;
	int csfd, cdfd = -1, rc;

	if (fstatat(sfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return upd_fail(w->err, UPD_ERR_SYS, "%s: %s", w->path, strerror(errno));
	if (S_ISREG(st.st_mode)) {
		if (++w->st->files > TREE_FILES_MAX)
			return upd_fail(w->err, UPD_ERR_SYS, "more than %d files", TREE_FILES_MAX);
		w->st->bytes += (uint64_t)st.st_size;
		return dfd < 0 ? 0 : file_copy(w, sfd, dfd, name);
	}
	if (!S_ISDIR(st.st_mode))
		return upd_fail(w->err, UPD_ERR_SYS, "%s is neither a file nor a directory", w->path);
	if (depth == TREE_DEPTH_MAX)
		return upd_fail(w->err, UPD_ERR_SYS, "%s is deeper than %d levels", w->path,
				TREE_DEPTH_MAX);
	w->st->dirs++;
	csfd = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (csfd < 0)
		return upd_fail(w->err, UPD_ERR_SYS, "opening %s: %s", w->path, strerror(errno));
	if (dfd >= 0) {
		if (mkdirat(dfd, name, 0755) < 0 && errno != EEXIST) {
			rc = errno;
			(void)close(csfd);
			return upd_fail(w->err, UPD_ERR_SYS, "creating the copy of %s: %s", w->path,
					strerror(rc));
		}
		cdfd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (cdfd < 0) {
			rc = errno;
			(void)close(csfd);
			return upd_fail(w->err, UPD_ERR_SYS, "opening the copy of %s: %s", w->path,
					strerror(rc));
		}
	}
	rc = dir_walk(w, csfd, cdfd, depth + 1);
	(void)close(csfd);
	if (cdfd >= 0)
		(void)close(cdfd);
	return rc;
}

/* Walks the directory sfd (takes no ownership); copies into dfd unless it is -1, then
 * fsyncs dfd: its new entries are on the disk. */
static int dir_walk(struct walk *w, int sfd, int dfd, unsigned depth)
{
	size_t base = strlen(w->path);
	struct dirent *de;
	int dupfd = dup(sfd), rc = 0;
	DIR *d;

	if (dupfd < 0 || (d = fdopendir(dupfd)) == NULL) {
		if (dupfd >= 0)
			(void)close(dupfd);
		return upd_fail(w->err, UPD_ERR_SYS, "reading %s: %s", w->path, strerror(errno));
	}
	while (rc == 0 && (errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(w->path + base, sizeof w->path - base, "/%s", de->d_name) >=
		    (int)(sizeof w->path - base)) {
			w->path[base] = '\0';
			rc = upd_fail(w->err, UPD_ERR_SYS, "a path under %s is too long", w->path);
			break;
		}
		rc = entry(w, sfd, dfd, de->d_name, depth);
		w->path[base] = '\0';
	}
	if (rc == 0 && errno != 0)
		rc = upd_fail(w->err, UPD_ERR_SYS, "reading %s: %s", w->path, strerror(errno));
	(void)closedir(d);
	if (rc == 0 && dfd >= 0 && fsync(dfd) < 0)
		rc = upd_fail(w->err, UPD_ERR_SYS, "fsync of the copy of %s: %s", w->path,
			      strerror(errno));
	return rc;
}

int tree_copy(const char *src, const char *dst, struct tree_stats *st, struct upd_error *err)
{
	static struct walk w;
	int sfd, dfd = -1, rc;

	memset(st, 0, sizeof *st);
	w.st = st;
	w.err = err;
	if (snprintf(w.path, sizeof w.path, "%s", src) >= (int)sizeof w.path)
		return upd_fail(err, UPD_ERR_SYS, "path %s is too long", src);
	sfd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sfd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening the directory %s: %s", src,
				strerror(errno));
	if (dst != NULL && (dfd = open(dst, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		rc = errno;
		(void)close(sfd);
		return upd_fail(err, UPD_ERR_SYS, "opening the directory %s: %s", dst, strerror(rc));
	}
	rc = dir_walk(&w, sfd, dfd, 0);
	(void)close(sfd);
	if (dfd >= 0)
		(void)close(dfd);
	return rc;
}
