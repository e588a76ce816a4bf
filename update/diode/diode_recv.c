/* diode-recv: the node's end of the one-way data diode.
 *
 *   diode-recv [--key FILE] [--max-size BYTES] [--bind ADDR] [--stall SECONDS] PORT INBOX
 *
 * Receives the carousel of diode-send on a bound UDP socket, assembles each transfer in INBOX and
 * renames a whole, hash-checked file into INBOX/<name>.bundle, where the update agent's watch
 * picks it up (and checks its signature: the diode key only says the site's sender sent it).
 *
 * This program never transmits. Its socket is bound and only read: there is no connect, send,
 * sendto, sendmsg or write to it anywhere here, so nothing can flow back through the diode (a
 * real diode would not carry it; a test link would, and that must never be relied on).
 * tests/diode/run.sh captures the receiver's interface and proves zero packets leave it.
 *
 * SIGUSR1 prints the packet counts. Exit: 0 on SIGTERM/SIGINT (part files removed), 100 usage,
 * 111 system error at start-up. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "diode_rx.h"

#define DEFAULT_KEY "/run/secrets/diode.key"
#define DEFAULT_MAX_SIZE (1ull << 30) /* a bundle holds a root image (512 MiB slots) and a UKI */
#define DEFAULT_STALL 60.0
#define RCVBUF_BYTES (8 << 20)       /* rides out scheduling gaps at line rate: lost here is lost */
#define TICK_MS 1000

static void usage(void)
{
	fprintf(stderr, "usage: diode-recv [--key FILE] [--max-size BYTES] [--bind ADDR] [--stall SECONDS] PORT INBOX\n"
			"  --key FILE        the site's diode key (default " DEFAULT_KEY ")\n"
			"  --max-size BYTES  refuse larger files (default %llu)\n"
			"  --bind ADDR       local address to receive on (default: all)\n"
			"  --stall SECONDS   a transfer without progress this long may be replaced (default %.0f)\n",
		DEFAULT_MAX_SIZE, DEFAULT_STALL);
	exit(100);
}

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse_u64(const char *s, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && s[0] != '-' ? 0 : -1;
}

/* The bound, receive-only socket. */
static int socket_bind(const char *addr, const char *port)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *ai;
	int rc = getaddrinfo(addr, port, &hints, &ai), fd, size = RCVBUF_BYTES;

	if (rc != 0) {
		fprintf(stderr, "diode-recv: address %s port %s: %s\n", addr ? addr : "(any)", port, gai_strerror(rc));
		exit(100);
	}
	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "diode-recv: UDP socket: %s\n", strerror(errno));
		exit(111);
	}
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		fprintf(stderr, "diode-recv: bind to %s port %s: %s\n", addr ? addr : "(any)", port, strerror(errno));
		exit(111);
	}
	freeaddrinfo(ai);
	/* SO_RCVBUFFORCE lifts the rmem_max cap as root; else take what SO_RCVBUF gives */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) < 0)
		fprintf(stderr, "diode-recv: receive buffer of %d bytes on the socket: %s: keeping the default\n",
			size, strerror(errno));
	return fd;
}

static void addr_text(const struct sockaddr_storage *sa, socklen_t len, char *out, size_t cap)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	if (getnameinfo((const struct sockaddr *)sa, len, host, sizeof host, serv, sizeof serv,
			NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		snprintf(out, cap, "(unknown)");
	else
		snprintf(out, cap, "%s:%s", host, serv);
}

/* The inbox, made (mode 0700, parents too) when missing: on the node the receiver may start before
 * the update agent's watch has made it, and a missing directory must not cost a restart. */
static int inbox_open(const char *path)
{
	char p[4096];
	size_t k, n = strlen(path);

	if (n == 0 || n >= sizeof p) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(p, path, n + 1);
	for (k = 1; k <= n; k++) {
		if (p[k] != '/' && p[k] != '\0')
			continue;
		p[k] = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			return -1;
		p[k] = k == n ? '\0' : '/';
	}
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int main(int argc, char **argv)
{
	const char *key_path = DEFAULT_KEY, *bind_addr = NULL;
	unsigned long long max_size = DEFAULT_MAX_SIZE, stall = (unsigned long long)DEFAULT_STALL;
	static struct diode_rx rx;
	struct diode_key key;
	struct diode_err err;
	uint8_t buf[DIODE_PACKET_MAX + 1];
	struct pollfd pfd[2];
	sigset_t sigs;
	double last_tick;
	int i, sock, sfd, dirfd;

	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--key") == 0)
			key_path = argv[i + 1];
		else if (strcmp(argv[i], "--bind") == 0)
			bind_addr = argv[i + 1];
		else if (strcmp(argv[i], "--max-size") == 0) {
			if (parse_u64(argv[i + 1], &max_size) < 0 || max_size == 0) {
				fprintf(stderr, "diode-recv: --max-size %s: not a positive number of bytes\n", argv[i + 1]);
				exit(100);
			}
		} else if (strcmp(argv[i], "--stall") == 0) {
			if (parse_u64(argv[i + 1], &stall) < 0 || stall == 0) {
				fprintf(stderr, "diode-recv: --stall %s: not a positive number of seconds\n", argv[i + 1]);
				exit(100);
			}
		} else
			usage();
	}
	if (argc - i != 2)
		usage();
	if (sodium_init() < 0) {
		fprintf(stderr, "diode-recv: libsodium: initialisation failed\n");
		exit(111);
	}
	if (diode_key_load(key_path, &key, &err) < 0) {
		fprintf(stderr, "diode-recv: %s\n", err.msg);
		exit(111);
	}
	dirfd = inbox_open(argv[i + 1]);
	if (dirfd < 0) {
		fprintf(stderr, "diode-recv: inbox %s: %s\n", argv[i + 1], strerror(errno));
		exit(111);
	}
	/* signals arrive through the poll loop, so a transfer is never cut in the middle of a write */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &sigs, NULL) < 0 || (sfd = signalfd(-1, &sigs, SFD_CLOEXEC)) < 0) {
		fprintf(stderr, "diode-recv: signalfd for SIGTERM/SIGINT/SIGUSR1: %s\n", strerror(errno));
		exit(111);
	}
	sock = socket_bind(bind_addr, argv[i]);
	diode_rx_init(&rx, &key, dirfd, max_size, (double)stall, stderr);
	sodium_memzero(&key, sizeof key);
	fprintf(stderr, "diode-recv: receiving on %s port %s into %s with diode key %s, max size %llu: ready\n",
		bind_addr ? bind_addr : "(any)", argv[i], argv[i + 1], rx.key.id, max_size);
	pfd[0] = (struct pollfd){ .fd = sock, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	last_tick = now_mono();
	for (;;) {
		int n = poll(pfd, 2, TICK_MS);
		double now;

		if (n < 0 && errno != EINTR) {
			fprintf(stderr, "diode-recv: poll: %s\n", strerror(errno));
			diode_rx_close(&rx, "stopping on a poll error");
			exit(111);
		}
		if (n > 0 && (pfd[1].revents & POLLIN)) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof si) != (ssize_t)sizeof si)
				si.ssi_signo = SIGTERM;
			if (si.ssi_signo == SIGUSR1) {
				char counts[512];

				diode_rx_counts(&rx, counts, sizeof counts);
				fprintf(stderr, "diode-recv: counts: %s\n", counts);
				continue;
			}
			diode_rx_close(&rx, si.ssi_signo == SIGINT ? "stopping on SIGINT" : "stopping on SIGTERM");
			return 0;
		}
		/* drain what is queued, then tick: one recvfrom per datagram, never blocking */
		for (int burst = 0; n > 0 && burst < 4096; burst++) {
			struct sockaddr_storage from;
			socklen_t flen = sizeof from;
			char ftext[NI_MAXHOST + NI_MAXSERV + 2];
			ssize_t got = recvfrom(sock, buf, sizeof buf, MSG_DONTWAIT | MSG_TRUNC,
					       (struct sockaddr *)&from, &flen);

			if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				break;
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				fprintf(stderr, "diode-recv: recvfrom on port %s: %s\n", argv[i], strerror(errno));
				break;
			}
			addr_text(&from, flen, ftext, sizeof ftext);
			/* MSG_TRUNC gives the datagram's real length: an oversize one fails the parser */
			diode_rx_packet(&rx, buf, (size_t)got > sizeof buf ? sizeof buf : (size_t)got, ftext, now_mono());
		}
		now = now_mono();
		if (now - last_tick >= 1.0) {
			diode_rx_tick(&rx, now);
			last_tick = now;
		}
	}
}
