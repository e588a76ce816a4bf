#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "service_output.h"

#define READS_PER_CALL 4
#define READ_CHUNK 16384
#define KMSG_RECORD_MAX 992	/* the kernel's LOG_LINE_MAX: a longer write is refused (EINVAL) */

static int console_fd = -1;
static int kmsg_fd = -1;
static int fds_tried;
static unsigned long long console_missed;

struct emit_ctx {
	struct service_output *o;
	const char *name;
	int64_t now;
};

/* Opened on first use, after stage 2 has its /dev: separate open files from status.c's, because
 * only these are non-blocking. */
static void open_sinks(void)
{
	if (fds_tried)
		return;
	fds_tried = 1;
	console_fd = open("/dev/console", O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	kmsg_fd = open("/dev/kmsg", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
}

static void to_console(const char *line, size_t len)
{
	char buf[OUTPUT_LINE_MAX + 1];
	size_t i;
	ssize_t w;

	if (console_fd < 0)
		return;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		/* a service must not move the cursor or recolour the operator's console */
		buf[i] = (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (char)c;
	}
	buf[len] = '\n';
	w = write(console_fd, buf, len + 1);
	if (w == (ssize_t)(len + 1))
		return;
	console_missed++;
	if (w > 0 && write(console_fd, "\n", 1) != 1) {
		/* a cut line: end it so the next one starts clean, if the console takes even that */
	}
}

static void to_kmsg(const struct emit_ctx *c, const char *line, size_t len)
{
	char rec[KMSG_RECORD_MAX];
	int n;

	if (kmsg_fd < 0)
		return;
	n = snprintf(rec, sizeof rec, "<14>%s[%d]: ", c->name, (int)c->o->pid);
	if (n < 0 || (size_t)n >= sizeof rec)
		return;
	if (len > sizeof rec - (size_t)n)
		len = sizeof rec - (size_t)n;
	memcpy(rec + n, line, len);
	if (write(kmsg_fd, rec, (size_t)n + len) < 0) {
		/* nothing to tell it to: the console copy went out already */
	}
}

static void emit(const char *line, size_t len, void *ctx)
{
	struct emit_ctx *c = ctx;

	if (!output_limit_take(&c->o->limit, c->now, OUTPUT_LIMIT_LINES))
		return;
	if (output_limit_take(&c->o->console_limit, c->now, OUTPUT_LIMIT_CONSOLE_LINES))
		to_console(line, len);
	to_kmsg(c, line, len);
}

void service_output_init(struct service_output *o)
{
	memset(o, 0, sizeof *o);
	o->rfd = -1;
	o->wfd = -1;
}

int service_output_open(struct service_output *o)
{
	int p[2];

	open_sinks();
	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	if (fcntl(p[0], F_SETFL, O_NONBLOCK) != 0) {
		fd_close_keep_errno(p[0]);
		fd_close_keep_errno(p[1]);
		return -1;
	}
	o->rfd = p[0];
	o->wfd = p[1];
	return 0;
}

static void read_some(struct service_output *o, const char *name, int64_t now, unsigned reads)
{
	static char buf[READ_CHUNK];	/* PID 1 is one thread; static keeps its stack small */
	struct emit_ctx c = { o, name, now };

	while (o->rfd >= 0 && reads-- > 0) {
		ssize_t n = read(o->rfd, buf, sizeof buf);

		if (n > 0) {
			output_lines_take(&o->lines, buf, (size_t)n, emit, &c);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return;	/* EAGAIN: nothing more now; 0 cannot happen while PID 1 holds the write end */
	}
}

void service_output_read(struct service_output *o, const char *name, int64_t now)
{
	read_some(o, name, now, READS_PER_CALL);
	if (o->limit.dropped > 0)
		o->rest_until_ms = now + OUTPUT_OVER_LIMIT_READ_MS;
}

int service_output_wanted(const struct service_output *o, int64_t now, int64_t *wake_ms)
{
	if (o->rfd < 0)
		return 0;
	if (now >= o->rest_until_ms)
		return 1;
	if (o->rest_until_ms < *wake_ms)
		*wake_ms = o->rest_until_ms;
	return 0;
}

void service_output_drain(struct service_output *o, const char *name, int64_t now)
{
	struct emit_ctx c = { o, name, now };

	/* a pipe holds 64 KiB: this empties it, and a writer left behind gets its turn in the loop */
	read_some(o, name, now, READS_PER_CALL + 1);
	output_lines_flush(&o->lines, emit, &c);
}

unsigned long long service_output_dropped(struct service_output *o, int64_t now)
{
	return output_limit_ended(&o->limit, now);
}

unsigned long long service_output_console_dropped(struct service_output *o, int64_t now)
{
	return output_limit_ended(&o->console_limit, now);
}

unsigned long long service_output_console_missed(void)
{
	unsigned long long n = console_missed;

	console_missed = 0;
	return n;
}
