#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "commands.h"
#include "fs_util.h"
#include "hex.h"
#include "install.h"
#include "media.h"
#include "seen_list.h"
#include "state_file.h"

#define WATCH_POLL_SECONDS 2
#define WATCH_NOT_READY_SECONDS 30   /* a trial boot: look again later, not every poll */
#define WATCH_FILES_MAX 64
#define WATCH_SYS_RETRIES 3
#define WATCH_SUFFIX ".bundle"
#define WATCH_DONE_DIR ".done"
#define WATCH_REJECTED_DIR ".rejected"
#define WATCH_STATE_WHY_DIR "rejected"

/* Where bundles are looked for: the inbox (0), then one per media entry (1 + its index). */
#define WATCH_DIRS (1 + MEDIA_MAX)

/* A bundle file the watch has seen; complete once two looks agree on its identity and size. */
struct watched {
	unsigned dir;
	char name[256];
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	int looks;
	int present;
	int handled;        /* installed, rejected or already seen: never again in this process */
	int sys_failures;
};

static struct watched files[WATCH_FILES_MAX];
static struct media_set media;
static char seen_buf[SEEN_FILE_MAX + 1], seen_out[SEEN_FILE_MAX + 1];

static int same_look(const struct watched *w, const struct stat *st)
{
	return w->dev == st->st_dev && w->ino == st->st_ino && w->size == st->st_size &&
	       w->mtime.tv_sec == st->st_mtim.tv_sec && w->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static struct watched *track(unsigned dir, const char *name, const struct stat *st)
{
	struct watched *free_slot = NULL;
	unsigned i;

	for (i = 0; i < WATCH_FILES_MAX; i++) {
		struct watched *w = &files[i];

		if (w->name[0] == '\0') {
			if (free_slot == NULL)
				free_slot = w;
			continue;
		}
		if (w->dir != dir || strcmp(w->name, name) != 0)
			continue;
		if (same_look(w, st)) {
			w->looks++;
		} else {
			memset(w, 0, sizeof *w);
			w->dir = dir;
			snprintf(w->name, sizeof w->name, "%s", name);
			w->looks = 1;
		}
		goto fill;
	}
	if (free_slot == NULL)
		return NULL;
	memset(free_slot, 0, sizeof *free_slot);
	free_slot->dir = dir;
	snprintf(free_slot->name, sizeof free_slot->name, "%s", name);
	free_slot->looks = 1;
	i = (unsigned)(free_slot - files);
fill:
	files[i].dev = st->st_dev;
	files[i].ino = st->st_ino;
	files[i].size = st->st_size;
	files[i].mtime = st->st_mtim;
	files[i].present = 1;
	return &files[i];
}

static void forget_absent(unsigned k)
{
	unsigned i;

	for (i = 0; i < WATCH_FILES_MAX; i++)
		if (files[i].dir == k && files[i].name[0] != '\0' && !files[i].present)
			memset(&files[i], 0, sizeof files[i]);
}

/* One look at directory number k: *.bundle regular files, not hidden. Files that vanished are
 * forgotten (all of the directory's when it cannot be read). */
static int scan(unsigned k, const char *dir, struct upd_error *err)
{
	struct dirent *de;
	unsigned i;
	DIR *d;

	for (i = 0; i < WATCH_FILES_MAX; i++)
		if (files[i].dir == k)
			files[i].present = 0;
	d = dir != NULL ? opendir(dir) : NULL;
	if (d == NULL) {
		forget_absent(k);
		if (dir == NULL)
			return 0;
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", dir, strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name), sl = strlen(WATCH_SUFFIX);
		struct stat st;

		if (de->d_name[0] == '.' || n <= sl || n >= sizeof files[0].name ||
		    strcmp(de->d_name + n - sl, WATCH_SUFFIX) != 0)
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (track(k, de->d_name, &st) == NULL)
			agent_warn("watch: %s: more than %d bundles in %s; later", de->d_name,
				   WATCH_FILES_MAX, dir);
	}
	(void)closedir(d);
	forget_absent(k);
	return 0;
}

static int file_sha256(int fd, uint8_t out[32], struct upd_error *err)
{
	static uint8_t buf[65536];
	crypto_hash_sha256_state h;
	uint64_t off = 0;
	ssize_t n;

	if (sodium_init() < 0)
		return upd_fail(err, UPD_ERR_SYS, "libsodium failed to initialise");
	(void)crypto_hash_sha256_init(&h);
	while ((n = fd_pread_full(fd, buf, sizeof buf, off)) > 0) {
		(void)crypto_hash_sha256_update(&h, buf, (size_t)n);
		off += (uint64_t)n;
	}
	if (n < 0)
		return upd_fail(err, UPD_ERR_SYS, "reading: %s", strerror(errno));
	(void)crypto_hash_sha256_final(&h, out);
	return 0;
}

static void remember(struct agent *a, const uint8_t sha[32], const char *result,
		     const char *name)
{
	struct upd_error err;
	size_t len, n;

	if (seen_list_load(a->state_dir, seen_buf, &len, &err) < 0) {
		agent_warn("watch: %s", err.msg);
		len = 0;
	}
	n = seen_list_add(seen_buf, len, sha, result, (uint64_t)time(NULL), name, seen_out,
			  sizeof seen_out);
	if (file_write_atomic(a->state_dir, SEEN_FILE_NAME, seen_out, n, &err) < 0)
		agent_warn("watch: remembering %s: %s", name, err.msg);
}

/* Moves dir/name into dir/sub/, with the why-file beside it for a rejection. Returns 0, or -1
 * when dir cannot take it (read-only media): the state directory keeps the why-file instead. */
static int file_away(struct agent *a, const char *dir, const char *name, const char *sub,
		     const uint8_t sha[32], const char *why)
{
	char d[NU_PATH_MAX], from[NU_PATH_MAX], to[NU_PATH_MAX], whyname[300], hex[65];
	struct upd_error err;
	char text[UPD_ERROR_MAX + 300];
	int n;

	if (why != NULL) {
		char clean[STATE_TEXT_MAX + 1];

		state_text_set(clean, why);   /* untrusted bytes stay out of the why-file */
		n = snprintf(text, sizeof text, "%s\n%s\n", name, clean);
	} else {
		n = 0;
	}
	if (path_join(d, sizeof d, dir, sub, &err) == 0 && dir_make(d, 0755, &err) == 0 &&
	    path_join(from, sizeof from, dir, name, &err) == 0 &&
	    path_join(to, sizeof to, d, name, &err) == 0) {
		snprintf(whyname, sizeof whyname, "%s.why", name);
		if (why != NULL && file_write_atomic(d, whyname, text, (size_t)n, &err) < 0) {
			agent_warn("watch: %s", err.msg);
		} else if (rename(from, to) == 0) {
			if (dir_fsync(d, &err) < 0 || dir_fsync(dir, &err) < 0)
				agent_warn("watch: %s", err.msg);
			return 0;
		} else {
			agent_warn("watch: moving %s to %s: %s", from, d, strerror(errno));
		}
	}
	if (why == NULL)
		return -1;
	hex_encode(sha, 32, hex);
	snprintf(whyname, sizeof whyname, "%s.why", hex);
	if (path_join(d, sizeof d, a->state_dir, WATCH_STATE_WHY_DIR, &err) < 0 ||
	    dir_make(d, 0700, &err) < 0 || file_write_atomic(d, whyname, text, (size_t)n, &err) < 0)
		agent_warn("watch: %s", err.msg);
	return -1;
}

/* One complete bundle: skip it if seen, else install it and file it away. */
static void handle(struct agent *a, const char *dir, struct watched *w, time_t *not_ready_until)
{
	char path[NU_PATH_MAX];
	struct upd_error err;
	uint8_t sha[32];
	struct stat st;
	size_t len;
	int fd, rc;

	if (path_join(path, sizeof path, dir, w->name, &err) < 0)
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &st) < 0 || !same_look(w, &st)) {
		if (fd >= 0)
			(void)close(fd);
		w->looks = 0;  /* changed under us: wait for it to settle again */
		return;
	}
	if (file_sha256(fd, sha, &err) < 0 || seen_list_load(a->state_dir, seen_buf, &len, &err) < 0) {
		agent_warn("watch: %s: %s", path, err.msg);
		(void)close(fd);
		return;
	}
	if (seen_list_has(seen_buf, len, sha)) {
		agent_warn("watch: %s: handled before (same sha256), skipped", path);
		w->handled = 1;
		(void)close(fd);
		return;
	}
	rc = agent_lock(a, LOCK_WAIT_MS, &err);
	if (rc != 0) {
		if (rc == 1)
			agent_warn("watch: another nodeupdate is running; %s later", w->name);
		else
			agent_warn("watch: %s", err.msg);
		(void)close(fd);
		return;
	}
	if (install_ready(a, &err) < 0) {
		agent_unlock(a);
		(void)close(fd);
		agent_warn("watch: %s waits: %s", w->name, err.msg);
		*not_ready_until = time(NULL) + WATCH_NOT_READY_SECONDS;
		return;
	}
	rc = install_bundle(a, fd, path, &err);
	agent_unlock(a);
	(void)close(fd);
	if (rc < 0 && err.kind == UPD_ERR_SYS && ++w->sys_failures < WATCH_SYS_RETRIES) {
		agent_warn("%s (try %d of %d)", err.msg, w->sys_failures, WATCH_SYS_RETRIES);
		return;
	}
	w->handled = 1;
	remember(a, sha, rc == 0 ? "installed" : "rejected", w->name);
	if (rc == 0) {
		(void)file_away(a, dir, w->name, WATCH_DONE_DIR, sha, NULL);
		return;
	}
	agent_warn("%s", err.msg);
	(void)file_away(a, dir, w->name, WATCH_REJECTED_DIR, sha, err.msg);
}

/* Directory number k's path, or NULL when that media entry holds nothing mounted. */
static const char *watch_dir(unsigned k, const char *inbox)
{
	if (k == 0)
		return inbox;
	return media.m[k - 1].mounted ? media.m[k - 1].path : NULL;
}

int cmd_watch(struct agent *a, const char *inbox, struct upd_error *err)
{
	time_t not_ready_until = 0;
	int inbox_missing = 0;
	unsigned i, k;

	/* the inbox is ours to create (mode 0700: only root drops bundles in) */
	if (agent_identify(a, err) < 0 || dir_make(inbox, 0700, err) < 0 ||
	    scan(0, inbox, err) < 0)
		return -1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (a->media_root != NULL) {
		/* the node's own disk is never media, even when it sits on a USB bus */
		if (agent_find_disk(a, err) < 0)
			return -1;
		media.root = a->media_root;
		media.own_disk = a->nd.disk;
	}
	for (;;) {
		if (a->media_root != NULL)
			media_refresh(&media);
		for (k = 0; k < WATCH_DIRS; k++) {
			if (scan(k, watch_dir(k, inbox), err) == 0) {
				if (k == 0)
					inbox_missing = 0;
				continue;
			}
			/* say it once, keep looking: the diode or an operator may create it */
			if (k == 0 && !inbox_missing)
				agent_warn("watch: %s", err->msg);
			if (k == 0)
				inbox_missing = 1;
		}
		for (i = 0; i < WATCH_FILES_MAX; i++) {
			struct watched *w = &files[i];
			const char *dir = watch_dir(w->dir, inbox);

			if (w->name[0] == '\0' || w->handled || w->looks < 2 || dir == NULL ||
			    time(NULL) < not_ready_until)
				continue;
			handle(a, dir, w, &not_ready_until);
		}
		(void)sleep(WATCH_POLL_SECONDS);
	}
}
