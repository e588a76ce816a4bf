#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "child_setup.h"
#include "fileio.h"
#include "status.h"

#ifndef SYS_close_range
#define SYS_close_range 436	/* same number on every architecture */
#endif

#define CHILD_FD_LOOP_MAX 1024

static char env_path[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
static char env_home[] = "HOME=/";
static char env_term[] = "TERM=linux";
static char *const env[] = { env_path, env_home, env_term, NULL };

char *const *child_env(void)
{
	return env;
}

/* Puts a freshly opened fd on target, closing the original unless it already is the target. */
static int fd_place(int fd, int target)
{
	if (fd == target)
		return 0;
	if (dup2(fd, target) < 0) {
		fd_close_keep_errno(fd);
		return -1;
	}
	return 0;
}

int child_stdio_default(void)
{
	int in = open("/dev/null", O_RDONLY);
	int out;

	if (in < 0 || fd_place(in, 0) != 0)
		return -1;
	if (in != 0)
		fd_close_keep_errno(in);
	out = open("/dev/console", O_WRONLY | O_NOCTTY);
	if (out < 0)
		return 0;	/* fds 1 and 2 are PID 1's, on the kernel's console already */
	if (fd_place(out, 1) != 0 || fd_place(out, 2) != 0)
		return -1;
	if (out > 2)
		fd_close_keep_errno(out);
	return 0;
}

int child_stdio_pipe(int out_fd)
{
	int in = open("/dev/null", O_RDONLY);

	if (in < 0 || fd_place(in, 0) != 0)
		return -1;
	if (in != 0)
		fd_close_keep_errno(in);
	/* dup2 leaves the copies without close-on-exec; the original closes with everything >= 3 */
	if (dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0)
		return -1;
	return 0;
}

int child_stdio_console(void)
{
	int fd = open("/dev/console", O_RDWR);

	if (fd < 0)
		return -1;
	if (fd_place(fd, 0) != 0 || fd_place(fd, 1) != 0 || fd_place(fd, 2) != 0)
		return -1;
	if (fd > 2)
		fd_close_keep_errno(fd);
	/* /dev/console itself never becomes a controlling tty; this binds the tty behind it */
	if (ioctl(0, TIOCSCTTY, 0) != 0)
		status_child_fail("console", "TIOCSCTTY on /dev/console: %s (no job control)",
				  strerror(errno));
	return 0;
}

void child_close_from(int lowfd)
{
	int fd;

	if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0) == 0)
		return;
	/* everything PID 1 opens is O_CLOEXEC anyway; this is the belt to those braces */
	for (fd = lowfd; fd < CHILD_FD_LOOP_MAX; fd++)
		if (close(fd) != 0 && errno != EBADF) {
			/* nothing to act on in a child about to exec */
		}
}
