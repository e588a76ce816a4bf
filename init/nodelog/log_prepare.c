#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../dirscan.h"
#include "log_name.h"
#include "log_prepare.h"

#define LOG_DIR_MODE 0750

struct handover {
	uid_t uid;
	gid_t gid;
	unsigned skipped;
};

static int is_ours(const char *name)
{
	unsigned boot, seg;

	return log_name_parse(name, &boot, &seg) == 0 || strcmp(name, LOG_CURSOR_NAME) == 0 ||
	       strcmp(name, LOG_CURSOR_TMP) == 0;
}

static int hand_over(int dirfd, const char *name, unsigned char type, void *ctx)
{
	struct handover *h = ctx;
	struct stat st;
	int fd;

	(void)type;
	if (!is_ours(name))
		return 0;
	/* O_NONBLOCK: a FIFO planted under the name must not hang us */
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		h->skipped++;
		return 0;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    ((st.st_uid != h->uid || st.st_gid != h->gid) && fchown(fd, h->uid, h->gid) != 0))
		h->skipped++;
	(void)close(fd);	/* read-only: nothing to lose */
	return 0;
}

int log_prepare(const char *dir, uid_t uid, gid_t gid, unsigned *skipped, char *why, size_t whycap)
{
	struct handover h = { uid, gid, 0 };
	struct stat st;
	int fd;

	*skipped = 0;
	if (mkdir(dir, LOG_DIR_MODE) != 0 && errno != EEXIST) {
		snprintf(why, whycap, "create directory %s: %s", dir, strerror(errno));
		return -1;
	}
	/* lstat for the message (open says ENOTDIR for a symlink too); O_NOFOLLOW for the race */
	if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode)) {
		snprintf(why, whycap, "open directory %s: it is a symlink", dir);
		return -1;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		snprintf(why, whycap, "open directory %s: %s", dir,
			 err == ELOOP ? "it is a symlink" : err == ENOTDIR ? "not a directory" : strerror(err));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(why, whycap, "stat %s: %s", dir, strerror(errno));
		goto fail;
	}
	if ((st.st_uid != uid || st.st_gid != gid) && fchown(fd, uid, gid) != 0) {
		snprintf(why, whycap, "chown %s to %u:%u: %s", dir, (unsigned)uid, (unsigned)gid, strerror(errno));
		goto fail;
	}
	if ((st.st_mode & 07777) != LOG_DIR_MODE && fchmod(fd, LOG_DIR_MODE) != 0) {
		snprintf(why, whycap, "chmod %s to %o: %s", dir, LOG_DIR_MODE, strerror(errno));
		goto fail;
	}
	if (dirscan(fd, hand_over, &h) != 0) {
		snprintf(why, whycap, "read directory %s: %s", dir, strerror(errno));
		goto fail;
	}
	*skipped = h.skipped;
	(void)close(fd);	/* read-only */
	return 0;
fail:
	(void)close(fd);
	return -1;
}
