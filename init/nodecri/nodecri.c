/*
 * nodecri [--socket PATH] [--timeout SECONDS] pull IMAGE: has the node's containerd pull IMAGE
 * through its CRI plugin (runtime.v1.ImageService/PullImage), so that containerd pulls with its
 * own registry configuration and credentials. Debian has no crictl; this is the one call needed.
 * Exit 0 when pulled, 1 when not (one line on standard error: what failed, on what, why), 2 on a
 * usage error.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cri_msg.h"
#include "grpc_call.h"

#define SOCKET_DEFAULT "/run/containerd/containerd.sock"
#define TIMEOUT_DEFAULT 300
#define TIMEOUT_MAX 86400
#define PEER "containerd"
#define USAGE "usage: nodecri [--socket PATH] [--timeout SECONDS] pull IMAGE\n"

static struct grpc_call call;		/* ~180 KiB of fixed buffers: not on the stack */
static uint8_t rbuf[H2_FRAME_HEAD_SIZE + H2_FRAME_MAX];

__attribute__((noreturn)) static void usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "nodecri: %s\n", why);
	fputs(USAGE, stderr);
	exit(2);
}

__attribute__((format(printf, 1, 2))) static int say(const char *fmt, ...)
{
	va_list ap;

	fputs("nodecri: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail where the program runs at all; abort rather than guess */
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		abort();
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned timeout_parse(const char *s)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 6)
			usage("--timeout wants whole seconds, 1 to 86400");
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (i == 0 || v < 1 || v > TIMEOUT_MAX)
		usage("--timeout wants whole seconds, 1 to 86400");
	return (unsigned)v;
}

/* A reference as containerd parses it has no spaces or control characters; the rest is its job. */
static int image_plausible(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > CRI_IMAGE_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return 0;
	return 1;
}

/* The socket, connected; -1 with errno. EAGAIN: not accepted within timeout_s. */
static int unix_connect(const char *path, unsigned timeout_s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = (time_t)timeout_s };
	size_t len = strlen(path);
	int fd, saved;

	if (len >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sa.sun_path, path, len + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* a unix connect blocks only while the listener's backlog is full: SO_SNDTIMEO bounds it */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/*
 * Sends what the call has to send and feeds it what arrives until it is answered (0) or has
 * failed or run out of time (-1, said).
 */
static int converse(int fd, const char *image, const char *sock, unsigned timeout_s,
		    int64_t deadline)
{
	int write_errno = 0;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = 0, .revents = 0 };
		size_t room = grpc_call_feed_max(&call);
		int64_t left = deadline - now_ms();
		ssize_t n;
		int rc;

		if (left <= 0)
			return say("pull %s: no answer within %u s", image, timeout_s);
		if (call.out_len > 0)
			p.events |= POLLOUT;
		if (room > 0)
			p.events |= POLLIN;
		rc = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (rc < 0 && errno != EINTR)
			return say("pull %s: poll on %s: %s", image, sock, strerror(errno));
		if (rc <= 0)
			continue;
		if (p.revents & POLLNVAL)
			return say("pull %s: poll on %s: socket not open", image, sock);
		if (call.out_len > 0 && (p.revents & (POLLOUT | POLLERR | POLLHUP))) {
			n = send(fd, call.out, call.out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n >= 0) {
				grpc_call_sent(&call, (size_t)n);
			} else if (errno != EAGAIN && errno != EINTR) {
				/* stop sending but read on: the server may have said why it closed */
				write_errno = errno;
				grpc_call_sent(&call, call.out_len);
			}
		}
		if (room > 0 && (p.revents & (POLLIN | POLLERR | POLLHUP))) {
			n = recv(fd, rbuf, room < sizeof rbuf ? room : sizeof rbuf, MSG_DONTWAIT);
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (n < 0)
				return say("pull %s: reading from %s: %s", image, sock, strerror(errno));
			if (n == 0) {
				grpc_call_eof(&call);
				if (write_errno != 0)
					return say("pull %s: %s (writing to %s: %s)", image, call.why, sock,
						   strerror(write_errno));
				return say("pull %s: %s", image, call.why);
			}
			rc = grpc_call_feed(&call, rbuf, (size_t)n);
			if (rc < 0)
				return say("pull %s: %s", image, call.why);
			if (rc > 0)
				return 0;
		}
	}
}

/* The call was answered: what it says, on one line. Exit status. */
static int report(const char *image)
{
	char text[GRPC_CALL_MESSAGE_MAX + 1], ref[CRI_REF_MAX];
	const uint8_t *msg;
	const char *why;
	size_t mlen;

	if (call.grpc_status != 0) {
		grpc_percent_decode(text, sizeof text, call.grpc_message, strlen(call.grpc_message));
		cri_printable(text);
		say("pull %s: %s refused: %s (gRPC status %d)", image, PEER,
		    text[0] != '\0' ? text : "no message given", call.grpc_status);
		return 1;
	}
	if (grpc_unframe(call.data, call.data_len, &msg, &mlen, &why) < 0 ||
	    cri_pull_response(msg, mlen, ref, sizeof ref, &why) < 0) {
		say("pull %s: bad answer from %s: %s", image, PEER, why);
		return 1;
	}
	cri_printable(ref);
	printf("nodecri: pulled %s as %s\n", image, ref);
	if (fflush(stdout) != 0) {
		say("writing standard output: %s", strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *sock = SOCKET_DEFAULT, *image;
	unsigned timeout_s = TIMEOUT_DEFAULT;
	uint8_t body[CRI_PULL_REQUEST_MAX];
	size_t blen;
	int64_t deadline;
	int i, fd, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc)
			sock = argv[++i];
		else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
			timeout_s = timeout_parse(argv[++i]);
		else
			break;
	}
	if (argc - i != 2 || strcmp(argv[i], "pull") != 0)
		usage(NULL);
	image = argv[i + 1];
	if (!image_plausible(image, strlen(image)))
		usage("IMAGE must be 1 to 4096 printable characters, no spaces");

	blen = cri_pull_request(body, sizeof body, image, strlen(image));
	if (blen == 0 || grpc_call_start(&call, PEER, CRI_PULL_PATH, body, blen) < 0)
		return say("pull %s: request does not fit: %s", image, call.why), 1;
	deadline = now_ms() + (int64_t)timeout_s * 1000;
	fd = unix_connect(sock, timeout_s);
	if (fd < 0) {
		if (errno == EAGAIN)
			say("connect %s: not accepted within %u s", sock, timeout_s);
		else
			say("connect %s: %s", sock, strerror(errno));
		return 1;
	}
	rc = converse(fd, image, sock, timeout_s, deadline);
	close(fd);
	return rc < 0 ? 1 : report(image);
}
