#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log_clock.h"
#include "log_forward.h"
#include "log_line.h"

#define FACILITY_SYSLOG 5
#define LEVEL_WARNING 4

static void report(struct log_forward *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(struct log_forward *f, const char *fmt, ...)
{
	char msg[LOG_REPORT_MAX];
	int n = snprintf(msg, sizeof msg, "syslog host %s: ", f->name);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
	va_end(ap);
	f->report(msg);
}

int log_forward_address(const char *addr, const char *port, struct sockaddr_storage *out,
			socklen_t *outlen)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)out;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)out;
	unsigned long p = 0;
	const char *c;

	for (c = port; *c >= '0' && *c <= '9' && c - port < 5; c++)
		p = p * 10 + (unsigned long)(*c - '0');
	if (c == port || *c != '\0' || port[0] == '0' || p < 1 || p > 65535)
		return -1;
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, addr, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)p);
		*outlen = sizeof *a4;
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)p);
		*outlen = sizeof *a6;
		return 0;
	}
	return -1;
}

int log_forward_init(struct log_forward *f, enum log_forward_proto proto, const char *addr,
		     const char *port, int kmsg_fd, int resume, uint64_t done,
		     const struct syslog_origin *origin, log_report_fn *report_fn)
{
	memset(f, 0, sizeof *f);
	f->sock = -1;
	f->kmsg_fd = kmsg_fd;
	if (log_forward_address(addr, port, &f->addr, &f->addrlen) != 0)
		return -1;
	f->proto = proto;
	snprintf(f->name, sizeof f->name, "%s port %s (%s)", addr, port,
		 proto == LOG_FORWARD_TCP ? "tcp" : "udp");
	snprintf(f->procid, sizeof f->procid, "%ld", (long)getpid());
	f->origin = origin;
	f->report = report_fn;
	f->state = LOG_FORWARD_DOWN;
	kmsg_seq_init(&f->seq, resume, done);
	return 0;
}

/* The connection is gone (or never came): close, report once, try again after the back-off. */
static void lost(struct log_forward *f, int64_t now_ms, const char *what, const char *why)
{
	int64_t up_ms = f->state == LOG_FORWARD_UP ? now_ms - f->up_since_ms : 0;
	int64_t delay = backoff_next(&f->backoff, up_ms, 0, 0);

	if (f->sock >= 0)
		(void)close(f->sock);	/* what it had not sent is sent again on the next one */
	f->sock = -1;
	f->state = LOG_FORWARD_DOWN;
	f->retry_at_ms = now_ms + delay;
	f->frame_off = 0;
	if (!f->down_reported)
		report(f, "%s: %s; retrying in %lld s", what, why, (long long)(delay / 1000));
	f->down_reported = 1;
}

static void up(struct log_forward *f, int64_t now_ms)
{
	f->state = LOG_FORWARD_UP;
	f->up_since_ms = now_ms;
	f->down_reported = 0;
	f->kmsg_drained = 0;
	report(f, f->proto == LOG_FORWARD_TCP ? "connected" : "sending");
}

static void connect_start(struct log_forward *f, int64_t now_ms)
{
	int type = f->proto == LOG_FORWARD_TCP ? SOCK_STREAM : SOCK_DGRAM;

	f->sock = socket(f->addr.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (f->sock < 0) {
		lost(f, now_ms, "socket", strerror(errno));
		return;
	}
	if (connect(f->sock, (struct sockaddr *)&f->addr, f->addrlen) == 0) {
		up(f, now_ms);
		return;
	}
	if (errno == EINPROGRESS) {
		f->state = LOG_FORWARD_CONNECTING;
		return;
	}
	lost(f, now_ms, "connect", strerror(errno));
}

/* The synthetic record about records the ring overwrote before the forwarder read them. */
/* The pending frame: one datagram of at most SYSLOG_UDP_MAX, or an octet-counted TCP frame. */
static void frame_set(struct log_forward *f, const struct syslog_msg *m)
{
	if (f->proto == LOG_FORWARD_UDP) {
		f->frame_len = syslog_format(f->frame, SYSLOG_UDP_MAX, f->origin, m);
	} else {
		size_t n = syslog_format(f->msg, sizeof f->msg, f->origin, m);

		f->frame_len = n > 0 ? syslog_frame(f->frame, sizeof f->frame, f->msg, n) : 0;
	}
	f->frame_off = 0;
}

static void frame_lost(struct log_forward *f, uint64_t lost_n)
{
	char text[128];
	struct syslog_msg m = { FACILITY_SYSLOG, LEVEL_WARNING, "nodelog", f->procid, 0, 0,
				(uint64_t)log_clock_uptime_usec(), text, 0 };

	m.text_len = (size_t)snprintf(text, sizeof text,
				      "%llu records lost: the kernel's log ring overwrote them before they were sent",
				      (unsigned long long)lost_n);
	frame_set(f, &m);
}

static void frame_record(struct log_forward *f, const struct kmsg_record *r)
{
	char app[SYSLOG_APP_NAME_MAX + 1], pid[KMSG_PID_MAX + 1] = "";
	struct syslog_msg m = { r->facility, r->level, app, pid, 1, r->seq, r->ts_usec, r->msg, r->msg_len };
	struct kmsg_tag t;

	if (r->facility == KMSG_FACILITY_KERN) {
		snprintf(app, sizeof app, "kernel");
	} else if (kmsg_tag_split(r->msg, r->msg_len, &t)) {
		snprintf(app, sizeof app, "%.*s", (int)t.tag_len, t.tag);
		if (t.pid != NULL)
			snprintf(pid, sizeof pid, "%.*s", (int)t.pid_len, t.pid);
		m.text = t.text;
		m.text_len = t.text_len;
	} else {
		snprintf(app, sizeof app, "%s", log_facility_name(r->facility));
	}
	frame_set(f, &m);
}

/* Reads the ring up to one record to send. 1 with a frame pending, 0 nothing more for now. */
static int next_frame(struct log_forward *f)
{
	if (f->has_held) {
		f->has_held = 0;
		frame_record(f, &f->held);
		return f->frame_len > 0;
	}
	for (;;) {
		struct kmsg_record r;
		uint64_t lost_n;
		ssize_t n = read(f->kmsg_fd, f->rec, sizeof f->rec);

		if (n < 0 && (errno == EINTR || errno == EPIPE))
			continue;	/* EPIPE: the next read is the oldest record left; the gap says how many */
		if (n <= 0) {
			/* EAGAIN: the ring's end; another error is the disk side's to report */
			f->kmsg_drained = 1;
			return 0;
		}
		if (kmsg_record_parse(f->rec, (size_t)n, &r) != 0) {
			kmsg_seq_skip_unparsed(&f->seq);
			f->unparsed++;
			continue;
		}
		if (!kmsg_seq_take(&f->seq, r.seq, &lost_n))
			continue;
		if (lost_n > 0) {
			f->held = r;
			f->has_held = 1;
			frame_lost(f, lost_n);
		} else {
			frame_record(f, &r);
		}
		if (f->frame_len > 0)
			return 1;
	}
}

/* Sends what is pending. 1 sent whole, 0 must wait for POLLOUT, -1 the connection is lost. */
static int send_pending(struct log_forward *f, int64_t now_ms)
{
	while (f->frame_off < f->frame_len) {
		ssize_t n = send(f->sock, f->frame + f->frame_off, f->frame_len - f->frame_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n >= 0) {
			/* a datagram goes whole or not at all */
			f->frame_off = f->proto == LOG_FORWARD_UDP ? f->frame_len : f->frame_off + (size_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == ENOBUFS)
			return 0;
		if (f->proto == LOG_FORWARD_UDP && errno == ECONNREFUSED) {
			/*
			 * An ICMP port unreachable for an earlier datagram, handed to this send: the
			 * host has no listener (yet). Said once; this datagram is tried once more, then
			 * dropped: UDP syslog never promised more.
			 */
			if (!f->refused_reported)
				report(f, "port unreachable (%s); sending on", strerror(errno));
			f->refused_reported = 1;
			f->refused_at_ms = now_ms;
			if (!f->refused_retry) {
				f->refused_retry = 1;
				continue;
			}
			break;
		}
		lost(f, now_ms, f->proto == LOG_FORWARD_TCP ? "connection lost" : "send", strerror(errno));
		return -1;
	}
	f->frame_len = f->frame_off = 0;
	f->refused_retry = 0;
	if (f->refused_reported && now_ms - f->refused_at_ms > LOG_FORWARD_REFUSED_QUIET_MS)
		f->refused_reported = 0;
	return 1;
}

/* The log host never talks: data is read and dropped, end of file or an error is a hang-up. */
static void check_tcp(struct log_forward *f, int64_t now_ms, short revents)
{
	char junk[512];
	ssize_t n;

	if (!(revents & (POLLIN | POLLHUP | POLLERR | POLLRDHUP)))
		return;
	n = recv(f->sock, junk, sizeof junk, MSG_DONTWAIT);
	if (n == 0)
		lost(f, now_ms, "connection lost", "closed by the host");
	else if (n < 0 && errno != EAGAIN && errno != EINTR)
		lost(f, now_ms, "connection lost", strerror(errno));
}

void log_forward_events(const struct log_forward *f, int64_t now_ms, struct pollfd *kmsg,
			struct pollfd *sock, int64_t *deadline_ms)
{
	int pending = f->frame_off < f->frame_len || f->has_held;

	kmsg->fd = -1;
	kmsg->events = 0;
	sock->fd = f->sock;
	sock->events = 0;
	switch (f->state) {
	case LOG_FORWARD_DOWN:
		sock->fd = -1;
		if (f->retry_at_ms < *deadline_ms)
			*deadline_ms = f->retry_at_ms > now_ms ? f->retry_at_ms : now_ms;
		break;
	case LOG_FORWARD_CONNECTING:
		sock->events = POLLOUT;
		break;
	case LOG_FORWARD_UP:
		if (f->proto == LOG_FORWARD_TCP)
			sock->events = POLLIN | POLLRDHUP;
		if (pending)
			sock->events |= POLLOUT;
		else
			kmsg->fd = f->kmsg_fd, kmsg->events = POLLIN;
		/* UDP with nothing to send: not polled, so a port unreachable waits for the next send */
		if (sock->events == 0)
			sock->fd = -1;
		break;
	}
}

void log_forward_step(struct log_forward *f, int64_t now_ms, short kmsg_revents, short sock_revents)
{
	unsigned i;

	(void)kmsg_revents;	/* the ring is read until EAGAIN whenever the host can take more */
	if (f->state == LOG_FORWARD_DOWN) {
		if (now_ms < f->retry_at_ms)
			return;
		connect_start(f, now_ms);
	}
	if (f->state == LOG_FORWARD_CONNECTING) {
		int err = 0;
		socklen_t len = sizeof err;

		if (!(sock_revents & (POLLOUT | POLLERR | POLLHUP)))
			return;
		if (getsockopt(f->sock, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
			err = errno;
		if (err != 0) {
			lost(f, now_ms, "connect", strerror(err));
			return;
		}
		up(f, now_ms);
	}
	if (f->state != LOG_FORWARD_UP)
		return;
	if (f->proto == LOG_FORWARD_TCP) {
		check_tcp(f, now_ms, sock_revents);
		if (f->state != LOG_FORWARD_UP)
			return;
	}
	for (i = 0; i < LOG_FORWARD_BATCH; i++) {
		if (f->frame_off >= f->frame_len && !next_frame(f))
			return;
		f->kmsg_drained = 0;
		if (send_pending(f, now_ms) <= 0)
			return;
	}
}

int log_forward_idle(const struct log_forward *f)
{
	return f->state == LOG_FORWARD_UP && f->kmsg_drained && f->frame_off >= f->frame_len &&
	       !f->has_held;
}

void log_forward_close(struct log_forward *f)
{
	if (f->sock >= 0)
		(void)close(f->sock);	/* nothing to act on: the process is ending */
	f->sock = -1;
	f->state = LOG_FORWARD_DOWN;
}
