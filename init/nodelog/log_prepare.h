/*
 * The log directory as root sets it up, before nodelog becomes the log user: DIR is created if
 * missing (its parent must exist) with mode 0750, and DIR, the log files and the cursor in it
 * are given to uid:gid if they are not theirs (an image update may have changed the log user's
 * uid). A DIR that is a symlink or not a directory is refused.
 *
 * DIR is writable by the log user, so what is in it is not trusted: only regular files with a
 * single link are handed over, each through its own O_NOFOLLOW fd. A symlink is not followed,
 * and a hard link to some other file of root's on /var (the node key) is left alone, so a
 * nodelog subverted as the log user cannot get root to give it that file at the next start.
 */
#ifndef NODELOG_LOG_PREPARE_H
#define NODELOG_LOG_PREPARE_H

#include <stddef.h>
#include <sys/types.h>

/* 0, or -1 with why. Files it could not hand over are counted in *skipped (and left as they are). */
int log_prepare(const char *dir, uid_t uid, gid_t gid, unsigned *skipped, char *why, size_t whycap)
	__attribute__((warn_unused_result));

#endif
