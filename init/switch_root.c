#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "dirscan.h"
#include "errbuf.h"
#include "fileio.h"
#include "fsmagic.h"
#include "status.h"
#include "switch_root.h"

#define DELETE_MAX_DEPTH 32

struct delete_ctx {
	dev_t rootdev;
	int depth;
	unsigned removed;
	unsigned failed;
};

static int delete_entry(int dirfd, const char *name, unsigned char type, void *vctx);

static void delete_contents(int dirfd, struct delete_ctx *c)
{
	c->depth++;
	if (dirscan(dirfd, delete_entry, c) != 0)
		c->failed++;
	c->depth--;
}

static int delete_entry(int dirfd, const char *name, unsigned char type, void *vctx)
{
	struct delete_ctx *c = vctx;
	struct stat st;

	(void)type;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		c->failed++;
		return 0;
	}
	if (st.st_dev != c->rootdev)
		return 0;	/* another filesystem (the new root): never cross into it */
	if (S_ISDIR(st.st_mode)) {
		int fd;

		if (c->depth >= DELETE_MAX_DEPTH) {
			c->failed++;
			return 0;
		}
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			c->failed++;
			return 0;
		}
		delete_contents(fd, c);
		fd_close_keep_errno(fd);
		if (unlinkat(dirfd, name, AT_REMOVEDIR) != 0) {
			c->failed++;
			return 0;
		}
	} else if (unlinkat(dirfd, name, 0) != 0) {
		c->failed++;
		return 0;
	}
	c->removed++;
	return 0;
}

static int move_api_mount(const char *newroot, const char *dir, char *err, size_t errcap)
{
	char target[256];
	int n = snprintf(target, sizeof target, "%s%s", newroot, dir);

	if (n < 0 || (size_t)n >= sizeof target) {
		err_set(err, errcap, "path %s%s too long", newroot, dir);
		return -1;
	}
	if (mount(dir, target, NULL, MS_MOVE, NULL) == 0)
		return 0;
	/* no place for it in the new root: stage 2 mounts a fresh one instead */
	if (umount2(dir, MNT_DETACH) == 0)
		return 0;
	err_set(err, errcap, "move %s to %s, or unmount it: %s", dir, target, strerror(errno));
	return -1;
}

/* "init --slot=b --trial" for the status line, cut short if it does not fit. */
static const char *argv_text(char *const argv[], char *buf, size_t cap)
{
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; argv[i] != NULL; i++) {
		int n = snprintf(buf + used, cap - used, "%s%s", i > 0 ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= cap - used)
			break;	/* snprintf kept buf terminated */
		used += (size_t)n;
	}
	return buf;
}

int switch_root(const char *newroot, char *const argv[], char *err, size_t errcap)
{
	static const char *const api_mounts[] = { "/dev", "/proc", "/sys" };
	struct stat root_st, new_st, init_st;
	struct statfs fs;
	struct delete_ctx del;
	const char *init = argv[0];
	char cmd[128];
	size_t i;
	int fd;

	if (chdir(newroot) != 0) {
		err_set(err, errcap, "chdir %s: %s", newroot, strerror(errno));
		return -1;
	}
	if (stat("/", &root_st) != 0 || stat(".", &new_st) != 0) {
		err_set(err, errcap, "stat / or %s: %s", newroot, strerror(errno));
		return -1;
	}
	if (root_st.st_dev == new_st.st_dev) {
		err_set(err, errcap, "%s is not a mount point", newroot);
		return -1;
	}
	if (getpid() != 1) {
		err_set(err, errcap, "not PID 1");
		return -1;
	}
	/* we are about to delete everything on "/": be sure it is the initramfs */
	if (stat("/init", &init_st) != 0 || !S_ISREG(init_st.st_mode)) {
		err_set(err, errcap, "/init is not a regular file, refusing to empty /");
		return -1;
	}
	if (statfs("/", &fs) != 0) {
		err_set(err, errcap, "statfs /: %s", strerror(errno));
		return -1;
	}
	if (!fsmagic_is_initramfs((unsigned long)fs.f_type)) {
		err_set(err, errcap, "/ is not ramfs or tmpfs (f_type 0x%lx), refusing to empty it",
			(unsigned long)fs.f_type);
		return -1;
	}
	for (i = 0; i < sizeof api_mounts / sizeof api_mounts[0]; i++)
		if (move_api_mount(newroot, api_mounts[i], err, errcap) != 0)
			return -1;

	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		err_set(err, errcap, "open /: %s", strerror(errno));
		return -1;
	}
	memset(&del, 0, sizeof del);
	del.rootdev = root_st.st_dev;
	delete_contents(fd, &del);
	fd_close_keep_errno(fd);

	if (mount(".", "/", NULL, MS_MOVE, NULL) != 0) {
		err_set(err, errcap, "move %s onto /: %s", newroot, strerror(errno));
		return -1;
	}
	if (chroot(".") != 0 || chdir("/") != 0) {
		err_set(err, errcap, "chroot into %s: %s", newroot, strerror(errno));
		return -1;
	}
	/* a leftover is only wasted memory, not a reason to stop booting */
	status_line("switch_root", "freed initramfs, %u entries removed, %u left; exec %s",
		    del.removed, del.failed, argv_text(argv, cmd, sizeof cmd));
	execv(init, argv);
	err_set(err, errcap, "execv %s: %s", init, strerror(errno));
	return -1;
}
