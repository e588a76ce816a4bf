/*
 * nodelog: the node's log on disk, and optionally at the site's log host.
 *
 *   nodelog --dir DIR --size SIZE [--user UID:GID] [--forward udp|tcp ADDRESS PORT]
 *           [--ready-fd N] [--kmsg PATH]
 *
 * /dev/kmsg is the node's one ordered log stream: the kernel's messages, init's status lines,
 * and every service's stdout and stderr, which PID 1 writes there line by line. nodelog keeps
 * it on /var/log within a hard size bound, one set of files per boot (log_store.h), so the log
 * of an earlier boot - above all one that failed its trial and was rolled back - can be read
 * after it; and with --forward it sends it to the site's log host (log_forward.h).
 *
 * As root it opens /dev/kmsg (the kernel checks the right to read it at open only) twice: one
 * fd for the disk, one for the forwarder, each with its own position in the ring, so the
 * forwarder may fall behind while the log host is down without holding anything in memory.
 * It sets up DIR (log_prepare.h), then becomes the log user with no capability left and
 * no_new_privs (init/privdrop/): the logs then also cannot use ext4's blocks reserved for root,
 * so they cannot fill /var for root's services.
 *
 * Everything it prints goes to stderr, which PID 1 writes back into the ring: it prints only
 * when its state changes, never per record, or it would feed itself.
 *
 * Exit 100 on a usage error, 1 when it cannot start or the ring cannot be read, 0 after
 * SIGTERM or SIGINT once the ring is on disk.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "../fileio.h"
#include "../privdrop/privdrop.h"
#include "boot_info.h"
#include "log_drain.h"
#include "log_forward.h"
#include "log_prepare.h"
#include "log_size.h"
#include "log_store.h"
#include "nodelog_args.h"

#define EXIT_USAGE 100
#define EXIT_FAIL 1
#define SYNC_INTERVAL_MS 1000	/* fsync at most this often while something is being written */
#define STOP_FORWARD_MS 2000	/* at shutdown, what the forwarder may take to send its backlog */
#define DRAIN_BATCH 256		/* records per write(2) batch before the loop looks around */
#define LEVEL_INFO 6

/* Large and used once: static, not on the stack. */
static struct log_store store;
static struct log_drain drain;
static struct log_forward fwd;
static struct syslog_origin origin;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char line[LOG_REPORT_MAX + 16];
	va_list ap;
	int n;

	memcpy(line, "nodelog: ", 9);
	va_start(ap, fmt);
	n = vsnprintf(line + 9, sizeof line - 10, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	n = 9 + (n < (int)sizeof line - 10 ? n : (int)sizeof line - 11);
	line[n++] = '\n';
	/* one write per line, so PID 1 never sees half of one; if stderr is gone there is nobody
	   left to tell, and the log on disk goes on regardless */
	if (fd_write_all(2, line, (size_t)n) != 0)
		return;
}

static void report(const char *msg)
{
	say("%s", msg);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int kmsg_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		say("FAIL open %s: %s", path, strerror(errno));
	return fd;
}

/* SIGTERM and SIGINT through a signalfd, read in the poll loop; SIGPIPE ignored (the readiness
   fd's reader may be gone; sockets send with MSG_NOSIGNAL). */
static int signals_setup(void)
{
	struct sigaction ign;
	sigset_t set;
	int fd;

	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigaction(SIGPIPE, &ign, NULL) != 0 || sigprocmask(SIG_BLOCK, &set, NULL) != 0) {
		say("FAIL blocking signals: %s", strerror(errno));
		return -1;
	}
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		say("FAIL signalfd: %s", strerror(errno));
	return fd;
}

static void start_line(const struct nodelog_args *a)
{
	char total[32], boot[32], seg[32], fw[160], resumed[96] = "";

	log_size_text(total, sizeof total, a->size);
	log_size_text(boot, sizeof boot, store.boot_cap);
	log_size_text(seg, sizeof seg, store.seg_cap);
	if (a->forward)
		snprintf(fw, sizeof fw, "forwarding to %s port %s over %s", a->addr, a->port,
			 a->proto == LOG_FORWARD_TCP ? "tcp" : "udp");
	else
		snprintf(fw, sizeof fw, "no syslog-host in site.conf: nothing is forwarded");
	if (store.resumed)
		snprintf(resumed, sizeof resumed, " (restarted: continuing after record %llu)",
			 (unsigned long long)store.resume_seq);
	say("boot %u%s logging to %s (size %s: this boot up to %s, segments of %s); %s", store.boot,
	    resumed, a->dir, total, boot, seg, fw);
}

/* The ring up to its end, in batches. 0, or -1 when it cannot be read (said). */
static int drain_all(const char *kmsg)
{
	int rc;

	while ((rc = log_drain(&drain, &store, DRAIN_BATCH)) == 0)
		;
	if (rc < 0) {
		say("FAIL read %s: %s", kmsg, strerror(errno));
		return -1;
	}
	return 0;
}

static void ready(int fd)
{
	if (fd < 0)
		return;
	if (fd_write_all(fd, "\n", 1) != 0)
		say("FAIL readiness line on fd %d: %s", fd, strerror(errno));
	if (close(fd) != 0)
		say("FAIL closing readiness fd %d: %s", fd, strerror(errno));
}

/* Shutdown: the ring onto disk, the forwarder some time to catch up, the log synced. */
static int stop(const struct nodelog_args *a, int signo)
{
	int rc = drain_all(a->kmsg), forwarding = a->forward && fwd.state == LOG_FORWARD_UP;
	int64_t deadline = now_ms() + STOP_FORWARD_MS;

	/* a step first: whether the forwarder is idle is only known once it has read the ring */
	while (forwarding) {
		struct pollfd p[2] = { { -1, 0, 0 }, { -1, 0, 0 } };
		int64_t now = now_ms(), until = deadline;

		log_forward_step(&fwd, now, 0, 0);
		if (log_forward_idle(&fwd) || now >= deadline || fwd.state != LOG_FORWARD_UP)
			break;
		log_forward_events(&fwd, now, &p[0], &p[1], &until);
		if (poll(p, 2, (int)(until - now)) < 0 && errno != EINTR)
			break;
		log_forward_step(&fwd, now_ms(), p[0].revents, p[1].revents);
	}
	log_store_note(&store, LEVEL_INFO, "stopping on %s: %llu records written in this run%s",
		       signo == SIGINT ? "SIGINT" : "SIGTERM", (unsigned long long)drain.records,
		       forwarding && !log_forward_idle(&fwd) ? "; the syslog host did not take all of them in time" : "");
	if (a->forward)
		log_forward_close(&fwd);
	log_store_close(&store);
	return rc == 0 ? 0 : EXIT_FAIL;
}

static int run(const struct nodelog_args *a, int sigfd)
{
	int64_t last_sync = now_ms();

	for (;;) {
		struct pollfd p[4] = { { sigfd, POLLIN, 0 }, { drain.fd, POLLIN, 0 }, { -1, 0, 0 }, { -1, 0, 0 } };
		int64_t now = now_ms(), deadline = INT64_MAX;
		int timeout = -1;

		if (a->forward)
			log_forward_events(&fwd, now, &p[2], &p[3], &deadline);
		if (store.unsynced && last_sync + SYNC_INTERVAL_MS < deadline)
			deadline = last_sync + SYNC_INTERVAL_MS;
		if (deadline != INT64_MAX)
			timeout = deadline <= now ? 0 : deadline - now > 60000 ? 60000 : (int)(deadline - now);
		if (poll(p, 4, timeout) < 0) {
			if (errno == EINTR)
				continue;
			say("FAIL poll: %s", strerror(errno));
			log_store_close(&store);
			return EXIT_FAIL;
		}
		if (p[0].revents) {
			struct signalfd_siginfo si;
			ssize_t n = read(sigfd, &si, sizeof si);

			if (n == (ssize_t)sizeof si)
				return stop(a, (int)si.ssi_signo);
		}
		if (p[1].revents && drain_all(a->kmsg) != 0) {
			log_store_close(&store);
			return EXIT_FAIL;
		}
		now = now_ms();
		if (a->forward)
			log_forward_step(&fwd, now, p[2].revents, p[3].revents);
		if (store.unsynced && now >= last_sync + SYNC_INTERVAL_MS) {
			log_store_sync(&store);
			last_sync = now;
		}
	}
}

int main(int argc, char **argv)
{
	struct nodelog_args a;
	struct log_boot_info info;
	char why[LOG_REPORT_MAX];
	int sigfd, disk_fd, fwd_fd = -1;
	unsigned skipped;

	if (nodelog_args_parse(argc, argv, &a, why, sizeof why) != 0) {
		say("usage: %s", why);
		say("usage: nodelog --dir DIR --size SIZE [--user UID:GID] [--forward udp|tcp ADDRESS PORT] [--ready-fd N] [--kmsg PATH]");
		return EXIT_USAGE;
	}
	if (a.ready_fd >= 0 && fcntl(a.ready_fd, F_SETFD, FD_CLOEXEC) != 0) {
		say("usage: --ready-fd %d: %s", a.ready_fd, strerror(errno));
		return EXIT_USAGE;
	}
	sigfd = signals_setup();
	if (sigfd < 0)
		return EXIT_FAIL;
	disk_fd = kmsg_open(a.kmsg);
	if (disk_fd < 0 || (a.forward && (fwd_fd = kmsg_open(a.kmsg)) < 0))
		return EXIT_FAIL;
	if (log_prepare(a.dir, a.uid, a.gid, &skipped, why, sizeof why) != 0) {
		say("FAIL %s", why);
		return EXIT_FAIL;
	}
	if (skipped > 0)
		say("%u files named like the log's in %s were not given to %u:%u (not a regular file with one link, or chown failed): left as they are",
		    skipped, a.dir, (unsigned)a.uid, (unsigned)a.gid);
	if (boot_info_read(&info, why, sizeof why) != 0) {
		say("FAIL %s", why);
		return EXIT_FAIL;
	}
	if (privdrop_to(a.uid, a.gid, 0, 0, 0, why, sizeof why) != 0) {
		say("FAIL dropping privileges: %s", why);
		return EXIT_FAIL;
	}
	if (log_store_open(&store, a.dir, a.size, &info, report, why, sizeof why) != 0) {
		say("FAIL %s", why);
		return EXIT_FAIL;
	}
	log_drain_init(&drain, disk_fd, store.resumed, store.resume_seq);
	if (a.forward) {
		syslog_field(origin.hostname, SYSLOG_HOSTNAME_MAX, info.host, strlen(info.host));
		/* RFC 5424 7.2.3: swVersion is at most 48 characters */
		snprintf(origin.sw_version, sizeof origin.sw_version, "%.*s", SYSLOG_SW_VERSION_MAX,
			 info.version);
		/* the cursor's records were forwarded too, or given up on: the same are skipped */
		if (log_forward_init(&fwd, a.proto, a.addr, a.port, fwd_fd, store.resumed, store.resume_seq,
				     &origin, report) != 0) {
			say("FAIL --forward %s %s: not an address and port", a.addr, a.port);
			return EXIT_FAIL;
		}
	}
	start_line(&a);
	/* the backlog already in the ring on disk, then ready */
	if (drain_all(a.kmsg) != 0) {
		log_store_close(&store);
		return EXIT_FAIL;
	}
	log_store_sync(&store);
	ready(a.ready_fd);
	return run(&a, sigfd);
}
