#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "errbuf.h"
#include "fileio.h"
#include "moddep.h"
#include "modload.h"

#define MODULES_DEP_MAX (1024 * 1024)
#define MODULES_BUILTIN_MAX (256 * 1024)
#define MODULES_LIST_MAX (16 * 1024)
#define MODULES_DIR_MAX 128

/* Sized once, used by stage 1 and stage 2 in turn: no allocation. */
static char dep_buf[MODULES_DEP_MAX];
static char builtin_buf[MODULES_BUILTIN_MAX];
static char list_buf[MODULES_LIST_MAX];
static struct moddep_plan plan;

static int load_one(const char *path, struct modload_result *r, char *err, size_t errcap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		err_set(err, errcap, "open %s: %s", path, strerror(errno));
		return -1;
	}
	if (syscall(SYS_finit_module, fd, "", 0) != 0) {
		int e = errno;

		fd_close_keep_errno(fd);
		if (e == EEXIST) {
			r->present++;
			return 0;
		}
		if (e == ENODEV) {
			r->nodevice++;
			return 0;
		}
		err_set(err, errcap, "finit_module %s: %s", path, strerror(e));
		return -1;
	}
	fd_close_keep_errno(fd);
	r->loaded++;
	return 0;
}

static int read_into(const char *path, char *buf, size_t cap, size_t *len, int optional, char *err,
		     size_t errcap)
{
	if (file_read_all(path, buf, cap, len) == 0)
		return 0;
	if (optional && errno == ENOENT) {
		*len = 0;
		return 0;
	}
	err_set(err, errcap, "read %s: %s%s", path, strerror(errno),
		errno == EFBIG ? " (file larger than its static buffer)" : "");
	return -1;
}

int modload_list(const char *list_path, struct modload_result *r, char *err, size_t errcap)
{
	size_t list_len;

	memset(r, 0, sizeof *r);
	if (read_into(list_path, list_buf, sizeof list_buf, &list_len, 0, err, errcap) != 0)
		return -1;
	return modload_names(list_path, list_buf, list_len, r, err, errcap);
}

int modload_names(const char *what, const char *list, size_t list_len, struct modload_result *r,
		  char *err, size_t errcap)
{
	struct utsname u;
	char dir[MODULES_DIR_MAX], path[MODULES_DIR_MAX + 256];
	size_t dep_len, builtin_len, pos = 0, namelen = 0, i;
	unsigned lineno = 0;
	const char *name = NULL;
	char why[ERR_MAX];
	int n;

	memset(r, 0, sizeof *r);
	if (uname(&u) != 0) {
		err_set(err, errcap, "uname: %s", strerror(errno));
		return -1;
	}
	n = snprintf(dir, sizeof dir, "/lib/modules/%s", u.release);
	if (n < 0 || (size_t)n >= sizeof dir) {
		err_set(err, errcap, "kernel release '%s' too long", u.release);
		return -1;
	}
	n = snprintf(path, sizeof path, "%s/modules.dep", dir);
	if (n < 0 || (size_t)n >= sizeof path ||
	    read_into(path, dep_buf, sizeof dep_buf, &dep_len, 0, err, errcap) != 0)
		return -1;
	n = snprintf(path, sizeof path, "%s/modules.builtin", dir);
	if (n < 0 || (size_t)n >= sizeof path ||
	    read_into(path, builtin_buf, sizeof builtin_buf, &builtin_len, 1, err, errcap) != 0)
		return -1;

	moddep_plan_init(&plan);
	for (;;) {
		int got = modlist_next(list, list_len, &pos, &lineno, &name, &namelen, why,
				       sizeof why);

		if (got < 0) {
			err_set(err, errcap, "%s %s", what, why);
			return -1;
		}
		if (got == 0)
			break;
		if (!moddep_contains(dep_buf, dep_len, name, namelen) &&
		    moddep_contains(builtin_buf, builtin_len, name, namelen)) {
			r->builtin++;
			continue;
		}
		if (moddep_resolve(dep_buf, dep_len, name, namelen, &plan, why, sizeof why) != 0) {
			err_set(err, errcap, "%s line %u: %s; looked in %s", what, lineno, why, dir);
			return -1;
		}
	}
	for (i = 0; i < plan.count; i++) {
		const struct moddep_item *it = &plan.item[i];

		n = snprintf(path, sizeof path, "%s/%.*s", dir, (int)it->len, dep_buf + it->off);
		if (n < 0 || (size_t)n >= sizeof path) {
			err_set(err, errcap, "module path %.*s too long", (int)(it->len > 64 ? 64 : it->len),
				dep_buf + it->off);
			return -1;
		}
		if (load_one(path, r, err, errcap) != 0)
			return -1;
	}
	return 0;
}
