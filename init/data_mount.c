#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child_run.h"
#include "data_mount.h"
#include "data_probe.h"
#include "errbuf.h"
#include "fileio.h"
#include "partition_find.h"
#include "status.h"

#define PROBE_CHUNK (64 * 1024)
#define PROBE_HEAD 4096

static unsigned char chunk[PROBE_CHUNK];

/* Reads up to the first MiB: the head for the magic, and whether all of it is zero. */
static int probe(const char *dev, enum data_kind *kind, char *err, size_t errcap)
{
	unsigned char head[PROBE_HEAD];
	size_t headlen = 0, total = 0;
	int zero = 1;
	int fd = open(dev, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		err_set(err, errcap, "open %s: %s", dev, strerror(errno));
		return -1;
	}
	while (total < DATA_PROBE_BYTES) {
		ssize_t n = fd_read_full(fd, chunk, sizeof chunk);

		if (n < 0) {
			err_set(err, errcap, "read %s at byte %zu: %s", dev, total, strerror(errno));
			fd_close_keep_errno(fd);
			return -1;
		}
		if (n == 0)
			break;	/* a partition smaller than 1 MiB */
		if (total == 0) {
			headlen = (size_t)n < sizeof head ? (size_t)n : sizeof head;
			memcpy(head, chunk, headlen);
		}
		if (zero && !bytes_all_zero(chunk, (size_t)n))
			zero = 0;
		total += (size_t)n;
	}
	fd_close_keep_errno(fd);
	*kind = data_kind_classify(head, headlen, zero);
	return 0;
}

static int run_mke2fs(const char *dev, char *err, size_t errcap)
{
	char *argv[] = { (char *)"/sbin/mke2fs", (char *)"-q", (char *)"-t", (char *)"ext4",
			 (char *)"-L", (char *)"data", (char *)"-E", (char *)"lazy_itable_init=0",
			 (char *)dev, NULL };
	int st;

	if (child_run_wait(argv, &st, err, errcap) != 0)
		return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		err_set(err, errcap, "mke2fs %s: %s %d", dev,
			WIFEXITED(st) ? "exit status" : "killed by signal",
			WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		return -1;
	}
	status_line("data", "formatted %s (first boot)", dev);
	return 0;
}

static int run_e2fsck(const char *dev, char *err, size_t errcap)
{
	char *argv[] = { (char *)"/sbin/e2fsck", (char *)"-p", (char *)dev, NULL };
	int st, code;

	if (child_run_wait(argv, &st, err, errcap) != 0)
		return -1;
	if (!WIFEXITED(st)) {
		err_set(err, errcap, "e2fsck -p %s: killed by signal %d", dev, WTERMSIG(st));
		return -1;
	}
	code = WEXITSTATUS(st);
	/* 0: clean, 1: errors corrected; 2 (with or without 1): fixed but a reboot is required */
	if (code & 2) {
		err_set(err, errcap, "e2fsck -p %s: exit %d, filesystem repaired but a reboot is required",
			dev, code);
		return -1;
	}
	if (code > 1) {
		err_set(err, errcap, "e2fsck -p %s: exit %d, errors left uncorrected", dev, code);
		return -1;
	}
	status_line("data", "checked %s, e2fsck exit %d", dev, code);
	return 0;
}

int data_mount(const char *label, char *err, size_t errcap)
{
	static const char *const dirs[] = { DATA_MOUNTPOINT "/log", DATA_MOUNTPOINT "/lib" };
	struct blockdev bd;
	enum data_kind kind;
	size_t i;

	if (partition_find(label, PARTITION_WAIT_MS, &bd, err, errcap) != 0)
		return -1;
	if (probe(bd.path, &kind, err, errcap) != 0)
		return -1;
	switch (kind) {
	case DATA_BLANK:
		if (run_mke2fs(bd.path, err, errcap) != 0)
			return -1;
		break;
	case DATA_EXT:
		if (run_e2fsck(bd.path, err, errcap) != 0)
			return -1;
		break;
	case DATA_UNKNOWN:
	default:
		err_set(err, errcap, "%s holds neither ext4 nor blank space, refusing to format it",
			bd.path);
		return -1;
	}
	if (mount(bd.path, DATA_MOUNTPOINT, "ext4", MS_NOSUID | MS_NODEV, NULL) != 0) {
		err_set(err, errcap, "mount %s on %s as ext4: %s", bd.path, DATA_MOUNTPOINT,
			strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		if (mkdir(dirs[i], 0755) != 0 && errno != EEXIST) {
			err_set(err, errcap, "mkdir %s: %s", dirs[i], strerror(errno));
			return -1;
		}
	}
	status_line("data", "mounted %s on %s", bd.path, DATA_MOUNTPOINT);
	return 0;
}
