#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "fileio.h"
#include "status.h"

/*
 * user.info, and user.warning for a FAIL line. Not err: "quiet" prints levels below warning on
 * the console, which would show every FAIL line twice.
 */
#define KMSG_PREFIX "<6>"
#define KMSG_PREFIX_FAIL "<4>"

static int console_fd = 2;	/* the kernel's console until /dev/console can be opened */
static int kmsg_fd = -1;

size_t status_format(char *out, size_t cap, int fail, const char *step, const char *detail,
		     int64_t t_ms)
{
	char suffix[48];
	int sl, hl;
	size_t head, room, i;

	if (t_ms < 0)
		t_ms = 0;
	sl = snprintf(suffix, sizeof suffix, " (t=%lld.%03llds)\n", (long long)(t_ms / 1000),
		      (long long)(t_ms % 1000));
	if (sl < 0 || (size_t)sl >= sizeof suffix || cap < sizeof suffix + 16) {
		if (cap > 0)
			out[0] = '\0';
		return 0;
	}
	hl = snprintf(out, cap, "node: %s%s: %s", fail ? "FAIL " : "", step, detail);
	head = hl < 0 ? 0 : (size_t)hl;
	room = cap - (size_t)sl - 1;
	if (head > room)
		head = room;
	for (i = 0; i < head; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c < 0x20 || c == 0x7f)
			out[i] = '?';
	}
	memcpy(out + head, suffix, (size_t)sl + 1);
	return head + (size_t)sl;
}

int status_open(void)
{
	int fd = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	int ok = fd >= 0, console_errno = errno;

	if (fd >= 0) {
		if (console_fd > 2)
			fd_close_keep_errno(console_fd);
		console_fd = fd;
	}
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (kmsg_fd >= 0)
			fd_close_keep_errno(kmsg_fd);
		kmsg_fd = fd;
	}
	errno = console_errno;	/* the caller reports why the console did not open */
	return ok ? 0 : -1;
}

static void status_emit(int fail, const char *step, const char *fmt, va_list ap, int console_only_fd)
{
	char detail[STATUS_LINE_MAX];
	char line[sizeof KMSG_PREFIX - 1 + STATUS_LINE_MAX];
	const size_t pre = sizeof KMSG_PREFIX - 1;
	size_t n;

	if (vsnprintf(detail, sizeof detail, fmt, ap) < 0)
		detail[0] = '\0';
	memcpy(line, fail ? KMSG_PREFIX_FAIL : KMSG_PREFIX, pre);
	n = status_format(line + pre, STATUS_LINE_MAX, fail, step, detail, clock_boot_ms());
	if (console_only_fd >= 0) {
		if (fd_write_all(console_only_fd, line + pre, n) != 0) {
			/* nowhere left to report a failing stderr */
		}
		return;
	}
	if (fd_write_all(console_fd, line + pre, n) != 0 && console_fd != 2) {
		/* a broken /dev/console: the kernel's fd 2 is the last resort */
		if (fd_write_all(2, line + pre, n) != 0) {
			/* nowhere left to report it; the kmsg copy below may still get through */
		}
	}
	if (kmsg_fd >= 0 && fd_write_all(kmsg_fd, line, pre + n) != 0) {
		/* kmsg rate-limits or refuses: the console copy is the one that matters */
	}
}

void status_vline(int fail, const char *step, const char *fmt, va_list ap)
{
	status_emit(fail, step, fmt, ap, -1);
}

void status_line(const char *step, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_emit(0, step, fmt, ap, -1);
	va_end(ap);
}

void status_fail(const char *step, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_emit(1, step, fmt, ap, -1);
	va_end(ap);
}

void status_child_fail(const char *step, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_emit(1, step, fmt, ap, 2);
	va_end(ap);
}
