/* What provision does with files and programs around the disk: the ESP template copied (files
 * and directories only, merged into what is there; a check-only walk writes nothing), and the
 * root's tools run with their outcome reported (exit status, signal, not runnable) and no way
 * to wait on a question. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "tool_run.h"
#include "tree_copy.h"

static char root[] = "/tmp/test_provision_tools.XXXXXX";
static char src[64], dst[64];
static struct upd_error err;
static struct tree_stats st;

static void die(const char *what)
{
	fprintf(stderr, "test_provision_tools: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void put(const char *dir, const char *rel, const char *text)
{
	char path[256];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd) < 0)
		die(path);
}

static void dir_at(const char *dir, const char *rel)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		die(path);
}

static const char *got(const char *dir, const char *rel)
{
	static char buf[256];
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return "(missing)";
	n = read(fd, buf, sizeof buf - 1);
	(void)close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* The template as build-root.sh makes it, and an ESP that already has EFI/Linux. */
static void fresh(void)
{
	char cmd[160];

	snprintf(cmd, sizeof cmd, "rm -rf %s/src %s/dst", root, root);
	if (system(cmd) != 0)
		die("rm");
	dir_at(root, "src");
	dir_at(src, "EFI");
	dir_at(src, "EFI/BOOT");
	dir_at(src, "loader");
	put(src, "EFI/BOOT/BOOTX64.EFI", "MZ systemd-boot");
	put(src, "loader/loader.conf", "timeout 0\neditor no\n");
	dir_at(root, "dst");
	dir_at(dst, "EFI");
	dir_at(dst, "EFI/Linux");
}

static void the_template_is_copied_into_the_esp(void)
{
	fresh();
	CHECK_INT(tree_copy(src, dst, &st, &err), 0);
	CHECK_STR(got(dst, "EFI/BOOT/BOOTX64.EFI"), "MZ systemd-boot");
	CHECK_STR(got(dst, "loader/loader.conf"), "timeout 0\neditor no\n");
	CHECK_INT(st.files, 2);
	CHECK_INT(st.dirs, 3);
	CHECK_INT(st.bytes, strlen("MZ systemd-boot") + strlen("timeout 0\neditor no\n"));
	CHECK_STR(got(dst, "EFI/Linux"), "");      /* what was there stays */
}

static void checking_the_template_writes_nothing(void)
{
	fresh();
	CHECK_INT(tree_copy(src, NULL, &st, &err), 0);
	CHECK_INT(st.files, 2);
	CHECK_STR(got(dst, "loader/loader.conf"), "(missing)");
}

static void a_symlink_in_the_template_is_refused(void)
{
	char path[256];

	fresh();
	snprintf(path, sizeof path, "%s/loader/entries.conf", src);
	if (symlink("/etc/shadow", path) < 0)
		die(path);
	CHECK_INT(tree_copy(src, NULL, &st, &err), -1);
	CHECK_CONTAINS(err.msg, "/src/loader/entries.conf is neither a file nor a directory");
}

static void a_missing_template_is_reported(void)
{
	char path[256];

	snprintf(path, sizeof path, "%s/none", root);
	CHECK_INT(tree_copy(path, NULL, &st, &err), -1);
	CHECK_CONTAINS(err.msg, "/none: No such file or directory");
}

static void a_tool_that_exits_0_succeeds(void)
{
	char *const argv[] = { "/bin/sh", "-c", "exit 0", NULL };

	CHECK_INT(tool_run(argv, &err), 0);
}

static void a_tool_that_fails_is_reported_with_its_status(void)
{
	char *const argv[] = { "/bin/sh", "-c", "exit 3", NULL };

	CHECK_INT(tool_run(argv, &err), -1);
	CHECK_STR(err.msg, "/bin/sh exited with status 3");
}

static void a_tool_killed_by_a_signal_is_reported(void)
{
	char *const argv[] = { "/bin/sh", "-c", "kill -9 $$", NULL };

	CHECK_INT(tool_run(argv, &err), -1);
	CHECK_STR(err.msg, "/bin/sh was killed by signal 9");
}

static void a_tool_that_is_not_there_is_reported(void)
{
	char *const argv[] = { "/nonexistent/mkdosfs", NULL };

	CHECK_INT(tool_run(argv, &err), -1);
	CHECK_STR(err.msg, "cannot run /nonexistent/mkdosfs: No such file or directory");
}

static void a_tools_question_reads_end_of_file(void)
{
	/* mke2fs asks "Proceed anyway? (y,N)" on a terminal; here it must not wait */
	char *const argv[] = { "/bin/sh", "-c", "read answer && exit 0; exit 5", NULL };

	CHECK_INT(tool_run(argv, &err), -1);
	CHECK_STR(err.msg, "/bin/sh exited with status 5");
}

int main(void)
{
	char cmd[128];

	if (mkdtemp(root) == NULL)
		die("mkdtemp");
	snprintf(src, sizeof src, "%s/src", root);
	snprintf(dst, sizeof dst, "%s/dst", root);
	RUN(the_template_is_copied_into_the_esp);
	RUN(checking_the_template_writes_nothing);
	RUN(a_symlink_in_the_template_is_refused);
	RUN(a_missing_template_is_reported);
	RUN(a_tool_that_exits_0_succeeds);
	RUN(a_tool_that_fails_is_reported_with_its_status);
	RUN(a_tool_killed_by_a_signal_is_reported);
	RUN(a_tool_that_is_not_there_is_reported);
	RUN(a_tools_question_reads_end_of_file);
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	if (system(cmd) != 0)
		die("rm");
	return check_done();
}
