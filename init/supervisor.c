#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backoff.h"
#include "clock.h"
#include "fileio.h"
#include "health.h"
#include "panic.h"
#include "pid1_signals.h"
#include "reap.h"
#include "run_node.h"
#include "service_output.h"
#include "service_spawn.h"
#include "service_status.h"
#include "shutdown.h"
#include "signal_map.h"
#include "status.h"
#include "supervisor.h"

struct service_rt {
	pid_t pid;		/* 0 when not running; cleared at reap, so never killed after reuse */
	int ready_fd;		/* read end of the readiness pipe, -1 when none */
	int ever_ready;
	int finished;		/* once service done, or permanent failure: never start again */
	int health_failed;	/* after-ready,once exited non-zero: the loop reports it */
	int64_t started_ms;
	int64_t restart_at_ms;	/* 0: no restart pending */
	struct backoff backoff;
	enum service_state state;	/* for /run/node/services */
	unsigned starts;	/* start attempts since boot; restarts = starts - 1 */
	int last_exit;		/* -1 until it first exits */
	struct service_output out;	/* its stdout and stderr, read by PID 1 */
};

static const struct services_table *table;
static struct service_rt rt[SERVICES_MAX];
static int secrets_ok;		/* the node's secrets are in /run/secrets (secrets.h) */
static int sigfd = -1;
static int shutting_down;
static int ready_reported;	/* the ready line, or the FAIL ready line, was printed */
static int64_t health_at_ms;	/* when the settle window after ready ends; 0 before ready */
static int health_reported;	/* the health verdict was taken and after-ready services started */
static int reap_error_reported;
static int status_dirty;	/* a state changed since /run/node/services was written */
static int status_error_reported;
static struct service_status status_rows[SERVICES_MAX];
static char status_buf[SERVICE_STATUS_FILE_MAX];
static int64_t console_report_ms;	/* when missed console lines were last said */

static void svc_line(unsigned i, int fail, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void svc_line(unsigned i, int fail, const char *fmt, ...)
{
	char step[16 + SERVICE_NAME_MAX];
	va_list ap;

	if (snprintf(step, sizeof step, "service %s", table->svc[i].name) < 0)
		step[0] = '\0';
	va_start(ap, fmt);
	status_vline(fail, step, fmt, ap);
	va_end(ap);
}

static void set_state(unsigned i, enum service_state st)
{
	rt[i].state = st;
	status_dirty = 1;
}

static void fill_status_rows(void)
{
	unsigned i;

	for (i = 0; i < table->count; i++) {
		status_rows[i].name = table->svc[i].name;
		status_rows[i].state = rt[i].state;
		status_rows[i].pid = rt[i].pid;
		status_rows[i].restarts = rt[i].starts > 0 ? rt[i].starts - 1 : 0;
		status_rows[i].last_exit = rt[i].last_exit;
	}
}

/* Rewrites /run/node/services if a state changed; a failure is retried on the next call. */
static void status_file_write(void)
{
	int n;

	if (!status_dirty)
		return;
	fill_status_rows();
	n = service_status_format(status_buf, sizeof status_buf, status_rows, table->count);
	if (n < 0) {
		status_dirty = 0;	/* cannot happen with parsed names: do not retry every tick */
		status_fail("services", "format %s: a line does not fit", RUN_NODE_SERVICES);
		return;
	}
	if (file_write_atomic(RUN_NODE_SERVICES, RUN_NODE_SERVICES_TMP, status_buf, (size_t)n,
			      RUN_NODE_FILE_MODE) != 0) {
		if (!status_error_reported)
			status_fail("services", "write %s: %s; retrying on every change and tick",
				    RUN_NODE_SERVICES, strerror(errno));
		status_error_reported = 1;
		return;
	}
	status_dirty = 0;
	if (status_error_reported)
		status_line("services", "%s written again", RUN_NODE_SERVICES);
	status_error_reported = 0;
}

static int counts_for_ready(unsigned i)
{
	return !(table->svc[i].flags & SERVICE_AFTER_READY);
}

static void mark_ready(unsigned i)
{
	rt[i].ever_ready = 1;
	set_state(i, SVC_UP);
	svc_line(i, 0, "ready");
}

static void schedule_restart(unsigned i, int64_t now, int64_t up_ms, int exited, int code)
{
	int64_t delay = backoff_next(&rt[i].backoff, up_ms, exited, code);

	if (delay < 0) {
		rt[i].finished = 1;
		set_state(i, SVC_FAILED);
		svc_line(i, 1, "exited status %d, permanent failure, not restarted", code);
		return;
	}
	set_state(i, SVC_DOWN);
	rt[i].restart_at_ms = now + delay;
	svc_line(i, 0, "exited status %d, restart in %lld.%03llds", code,
		 (long long)(delay / 1000), (long long)(delay % 1000));
}

static void service_start(unsigned i, int64_t now)
{
	const struct service_conf *s = &table->svc[i];
	int fd;
	pid_t pid;

	rt[i].restart_at_ms = 0;
	if ((s->flags & SERVICE_SECRETS) && !secrets_ok) {
		rt[i].finished = 1;
		set_state(i, SVC_FAILED);
		svc_line(i, 1, "not started: it needs the node's secrets, which did not unseal (see "
			 "the secrets line)");
		return;
	}
	pid = service_spawn(s, &fd, rt[i].out.wfd);
	rt[i].starts++;
	if (pid < 0) {
		int64_t delay = backoff_next(&rt[i].backoff, 0, 0, 0);

		set_state(i, SVC_DOWN);
		rt[i].restart_at_ms = now + delay;
		svc_line(i, 1, "start %s: %s, retry in %lld.%03llds", s->argv[0], strerror(errno),
			 (long long)(delay / 1000), (long long)(delay % 1000));
		return;
	}
	rt[i].pid = pid;
	rt[i].out.pid = pid;
	rt[i].ready_fd = fd;
	rt[i].started_ms = now;
	set_state(i, SVC_STARTING);
	svc_line(i, 0, "started pid %d", (int)pid);
	if (!(s->flags & (SERVICE_NOTIFY | SERVICE_ONCE)))
		mark_ready(i);
}

static void close_ready_fd(unsigned i)
{
	if (rt[i].ready_fd >= 0) {
		fd_close_keep_errno(rt[i].ready_fd);
		rt[i].ready_fd = -1;
	}
}

static void on_reap(pid_t pid, int st, void *ctx)
{
	int64_t now = clock_boot_ms();
	int exited = WIFEXITED(st);
	int code = exited ? WEXITSTATUS(st) : 128 + WTERMSIG(st);	/* shell convention */
	unsigned i;

	(void)ctx;
	for (i = 0; i < table->count; i++)
		if (rt[i].pid == pid)
			break;
	if (i == table->count)
		return;	/* an orphan handed to PID 1: reaped, nothing more */
	rt[i].pid = 0;
	rt[i].last_exit = code;
	close_ready_fd(i);
	service_output_drain(&rt[i].out, table->svc[i].name, now);	/* its last words first */
	if (shutting_down) {
		set_state(i, SVC_DOWN);
		return;
	}
	if (table->svc[i].flags & SERVICE_ONCE) {
		int after_ready = (table->svc[i].flags & SERVICE_AFTER_READY) != 0;

		rt[i].finished = 1;
		if (exited && code == 0) {
			if (after_ready)
				svc_line(i, 0, "exited status 0, done");
			else
				mark_ready(i);
			set_state(i, SVC_DONE);
			return;
		}
		set_state(i, SVC_FAILED);
		if (after_ready)
			rt[i].health_failed = 1;	/* the loop takes the failed-boot path, not a callback */
		else
			svc_line(i, 1, "exited status %d, runs once, not restarted", code);
		return;
	}
	schedule_restart(i, now, now - rt[i].started_ms, exited, code);
}

static void reap_children(void)
{
	if (reap_all(on_reap, NULL, NULL) < 0 && !reap_error_reported) {
		reap_error_reported = 1;
		status_fail("reap", "waitpid: %s", strerror(errno));
	}
}

/* s6 readiness: a newline on fd 3 means ready; EOF before it means it never will be (this run). */
static void read_readiness(unsigned i)
{
	char buf[64];
	ssize_t n = read(rt[i].ready_fd, buf, sizeof buf);

	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		svc_line(i, 1, "read readiness fd: %s", strerror(errno));
		close_ready_fd(i);
		return;
	}
	if (n == 0) {
		svc_line(i, 0, "closed fd %d without signalling readiness", SERVICE_READY_FD);
		close_ready_fd(i);
		return;
	}
	if (memchr(buf, '\n', (size_t)n) != NULL) {
		close_ready_fd(i);
		mark_ready(i);
	}
}

/* Drains the signalfd; returns the shutdown action asked for (the first one wins), if any. */
static enum node_action read_signals(const char **by)
{
	enum node_action want = NODE_ACT_NONE;
	struct signalfd_siginfo si;
	ssize_t n;

	while ((n = read(sigfd, &si, sizeof si)) == (ssize_t)sizeof si) {
		const struct signal_action *a = signal_action_for((int)si.ssi_signo);

		if (a == NULL || a->action == NODE_ACT_REAP)
			continue;	/* reaping runs on every wakeup anyway */
		if (want == NODE_ACT_NONE) {
			want = a->action;
			*by = a->name;
		}
	}
	return want;
}

static void check_ready(int64_t now, int64_t start_ms, const char *version, char slot)
{
	unsigned i, j;

	if (ready_reported)
		return;
	i = table->count;
	for (j = 0; j < table->count; j++) {
		if (!counts_for_ready(j) || rt[j].ever_ready)
			continue;
		if (rt[j].finished) {
			/* never started, or failed for good: it will not become ready, so say so now */
			ready_reported = 1;
			health_at_ms = now;
			if (rt[j].starts == 0)
				node_boot_failed("ready", "service %s will not become ready: not started",
						 table->svc[j].name);
			else
				node_boot_failed("ready", "service %s will not become ready: it failed for "
						 "good, last exit status %d", table->svc[j].name,
						 rt[j].last_exit);
			return;
		}
		if (i == table->count)
			i = j;	/* the first one still pending: the deadline names it */
	}
	if (i == table->count) {
		ready_reported = 1;
		health_at_ms = now + HEALTH_SETTLE_MS;
		status_line("ready", "version=%s slot=%c", version, slot);
		return;
	}
	if (now - start_ms >= READY_DEADLINE_MS) {
		ready_reported = 1;
		health_at_ms = now;	/* the verdict follows at once, and names the service */
		/* a trial boot reboots here; a blessed one goes on supervising what it has */
		node_boot_failed("ready", "service %s not ready after %ds", table->svc[i].name,
				 READY_DEADLINE_MS / 1000);
	}
}

/*
 * From the ready line until HEALTH_SETTLE_MS later: every service that counted for readiness must
 * stay up without a restart (health.h). The first sign of trouble fails the boot at once (a trial
 * boot reboots); a healthy window ends with the after-ready services started, boot-ok among them.
 * A blessed boot that is unhealthy still starts its after-ready services, but not the once ones:
 * those are health checks, and this boot has already failed them.
 */
static void check_settle(int64_t now)
{
	char why[160];
	int bad;
	unsigned i;

	if (!ready_reported || health_reported)
		return;
	fill_status_rows();
	bad = health_verdict(table, status_rows, why, sizeof why);
	if (bad < 0 && now < health_at_ms)
		return;
	health_reported = 1;
	if (bad >= 0)
		node_boot_failed("health", "%s", why);
	else
		status_line("health", "every service up, none restarted, %ds after ready",
			    HEALTH_SETTLE_MS / 1000);
	for (i = 0; i < table->count; i++) {
		if (counts_for_ready(i))
			continue;
		if (bad >= 0 && (table->svc[i].flags & SERVICE_ONCE)) {
			svc_line(i, 1, "not started: the boot is not healthy");
			continue;
		}
		service_start(i, now);
	}
}

/* after-ready,once services that exited non-zero: the boot failed its health check. */
static void check_health(void)
{
	unsigned i;

	for (i = 0; i < table->count; i++) {
		if (!rt[i].health_failed)
			continue;
		rt[i].health_failed = 0;
		status_file_write();	/* the reboot path may be next: publish "failed" first */
		node_boot_failed("health", "%s exited status %d", table->svc[i].name,
				 rt[i].last_exit);
	}
}

/* Output over the limit, and lines the console could not take: said once a window ends. */
static void report_output_drops(int64_t now)
{
	unsigned long long n;
	unsigned i;

	for (i = 0; i < table->count; i++) {
		n = service_output_dropped(&rt[i].out, now);
		if (n > 0)
			svc_line(i, 0, "%llu lines of output dropped: over %d lines in %d s", n,
				 OUTPUT_LIMIT_LINES, OUTPUT_LIMIT_WINDOW_MS / 1000);
		n = service_output_console_dropped(&rt[i].out, now);
		if (n > 0)
			svc_line(i, 0, "%llu lines of output kept off the console: over %d lines in %d s "
				 "(they are in the log)", n, OUTPUT_LIMIT_CONSOLE_LINES,
				 OUTPUT_LIMIT_WINDOW_MS / 1000);
	}
	if (now - console_report_ms < OUTPUT_LIMIT_WINDOW_MS)
		return;
	n = service_output_console_missed();
	if (n > 0) {
		console_report_ms = now;
		status_line("console", "%llu lines of service output not shown: the console was busy "
			    "(they are in the kernel's log and /var/log/node)", n);
	}
}

static int next_timeout(int64_t now, int64_t start_ms)
{
	int64_t t = LOOP_TICK_MS;
	unsigned i;

	for (i = 0; i < table->count; i++)
		if (rt[i].restart_at_ms != 0 && rt[i].restart_at_ms - now < t)
			t = rt[i].restart_at_ms - now;
	if (!ready_reported && start_ms + READY_DEADLINE_MS - now < t)
		t = start_ms + READY_DEADLINE_MS - now;
	if (ready_reported && !health_reported && health_at_ms - now < t)
		t = health_at_ms - now;
	return t < 0 ? 0 : (int)t;
}

/* Waits up to ms for service i to be reaped, reaping everything meanwhile. */
static void wait_gone(unsigned i, int64_t ms)
{
	int64_t deadline = clock_boot_ms() + ms;

	for (;;) {
		struct pollfd p = { .fd = sigfd, .events = POLLIN };
		int64_t left;

		reap_children();
		left = deadline - clock_boot_ms();
		if (rt[i].pid == 0 || left <= 0)
			return;
		if (poll(&p, 1, (int)(left < 100 ? left : 100)) < 0 && errno != EINTR)
			clock_sleep_ms(10);
		pid1_signals_discard(sigfd);	/* shutdown is under way: further requests change nothing */
	}
}

static void stop_services(void)
{
	unsigned i;

	for (i = table->count; i-- > 0;) {
		pid_t pid = rt[i].pid;

		rt[i].restart_at_ms = 0;
		if (pid <= 0)
			continue;
		/* CONT so a stopped service gets to see the TERM */
		if ((kill(pid, SIGTERM) != 0 || kill(pid, SIGCONT) != 0) && errno != ESRCH)
			svc_line(i, 1, "kill -TERM %d: %s", (int)pid, strerror(errno));
		wait_gone(i, STOP_TERM_WAIT_MS);
		if (rt[i].pid == 0) {
			svc_line(i, 0, "stopped");
			status_file_write();
			continue;
		}
		if (kill(pid, SIGKILL) != 0 && errno != ESRCH)
			svc_line(i, 1, "kill -KILL %d: %s", (int)pid, strerror(errno));
		wait_gone(i, STOP_KILL_WAIT_MS);
		svc_line(i, 0, "killed after %ds", STOP_TERM_WAIT_MS / 1000);
		status_file_write();
	}
}

/* A failed trial boot (panic.c, after its delay): the same way down as a reboot request. */
static void fatal_reboot(void)
{
	status_line("shutdown", "reboot requested by the failed trial boot");
	shutting_down = 1;
	stop_services();
	shutdown_finish(sigfd, NODE_ACT_REBOOT);
}

_Noreturn void supervisor_run(const struct services_table *t, int sfd, const char *version,
			      char slot, int have_secrets)
{
	struct pollfd fds[1 + 2 * SERVICES_MAX];
	unsigned owner[1 + 2 * SERVICES_MAX];
	int64_t start_ms = clock_boot_ms();
	unsigned i;

	table = t;
	sigfd = sfd;
	secrets_ok = have_secrets;
	for (i = 0; i < table->count; i++) {
		memset(&rt[i], 0, sizeof rt[i]);
		rt[i].ready_fd = -1;
		rt[i].last_exit = -1;
		rt[i].state = SVC_DOWN;
		service_output_init(&rt[i].out);
		if (table->svc[i].flags & SERVICE_CONSOLE)
			continue;
		if (service_output_open(&rt[i].out) != 0)
			svc_line(i, 1, "output pipe: %s; its output goes to the console only, not to "
				 "the log", strerror(errno));
	}
	status_dirty = 1;
	panic_set_reboot(fatal_reboot);
	for (i = 0; i < table->count; i++)
		if (counts_for_ready(i))
			service_start(i, clock_boot_ms());

	for (;;) {
		int64_t now = clock_boot_ms();
		enum node_action want = NODE_ACT_NONE;
		const char *by = NULL;
		int64_t wake_ms = INT64_MAX;	/* a resting output pipe's turn (service_output.h) */
		nfds_t n = 1;
		int r, timeout;

		for (i = 0; i < table->count; i++)
			if (rt[i].restart_at_ms != 0 && now >= rt[i].restart_at_ms && !rt[i].finished)
				service_start(i, now);
		check_ready(now, start_ms, version, slot);
		check_settle(now);
		report_output_drops(now);
		status_file_write();

		fds[0].fd = sigfd;
		fds[0].events = POLLIN;
		for (i = 0; i < table->count; i++) {
			if (rt[i].ready_fd < 0)
				continue;
			fds[n].fd = rt[i].ready_fd;
			fds[n].events = POLLIN;
			owner[n] = i;
			n++;
		}
		for (i = 0; i < table->count; i++) {
			if (!service_output_wanted(&rt[i].out, now, &wake_ms))
				continue;
			fds[n].fd = rt[i].out.rfd;
			fds[n].events = POLLIN;
			owner[n] = i;
			n++;
		}
		timeout = next_timeout(now, start_ms);
		if (wake_ms - now < timeout)
			timeout = wake_ms > now ? (int)(wake_ms - now) : 0;
		r = poll(fds, n, timeout);
		if (r < 0 && errno != EINTR) {
			status_fail("supervisor", "poll: %s", strerror(errno));
			clock_sleep_ms(LOOP_TICK_MS);	/* never spin on a persistent error */
		}
		if (r > 0) {
			nfds_t k;

			for (k = 1; k < n; k++) {
				unsigned o = owner[k];

				if (fds[k].revents == 0)
					continue;
				if (rt[o].ready_fd == fds[k].fd)
					read_readiness(o);
				else if (rt[o].out.rfd == fds[k].fd)
					service_output_read(&rt[o].out, table->svc[o].name,
							    clock_boot_ms());
			}
			if (fds[0].revents != 0)
				want = read_signals(&by);
		}
		reap_children();
		if (want != NODE_ACT_NONE) {
			status_line("shutdown", "%s requested by %s", node_action_name(want), by);
			shutting_down = 1;
			stop_services();
			shutdown_finish(sigfd, want);
		}
		check_settle(clock_boot_ms());
		check_health();
	}
}
