#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "clock_adjust.h"
#include "ntp_exchange.h"
#include "ntp_packet.h"

int ntp_server_parse(const char *text, struct ntp_server *s)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)&s->addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&s->addr;

	memset(s, 0, sizeof *s);
	if (strlen(text) >= sizeof s->name)
		return -1;
	memcpy(s->name, text, strlen(text) + 1);
	if (inet_pton(AF_INET, text, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(NTP_PORT);
		s->addrlen = sizeof *a4;
		return 0;
	}
	if (inet_pton(AF_INET6, text, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(NTP_PORT);
		s->addrlen = sizeof *a6;
		return 0;
	}
	return -1;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum exchange_result wait_reply(int fd, uint64_t nonce, int64_t t1, int timeout_ms,
				       struct ntp_sample *out, char *why, size_t whycap)
{
	int64_t deadline = mono_ms() + timeout_ms;
	unsigned char buf[512];
	struct ntp_reply r;

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		int64_t left = deadline - mono_ms(), t4;
		ssize_t n;
		int rc;

		if (left <= 0) {
			if (why[0] == '\0')
				snprintf(why, whycap, "no reply in %d ms", timeout_ms);
			return EXCHANGE_NONE;
		}
		rc = poll(&p, 1, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0) {
			snprintf(why, whycap, "poll: %s", strerror(errno));
			return EXCHANGE_NONE;
		}
		if (rc == 0)
			continue;
		n = recv(fd, buf, sizeof buf, 0);
		t4 = clock_now_ns();
		if (n < 0) {
			/* ECONNREFUSED: an ICMP port unreachable came back; keep waiting out the time */
			snprintf(why, whycap, "receive: %s", strerror(errno));
			if (errno == EINTR || errno == EAGAIN || errno == ECONNREFUSED)
				continue;
			return EXCHANGE_NONE;
		}
		switch (ntp_reply_check(buf, (size_t)n, nonce, &r, why, whycap)) {
		case NTP_REPLY_OK:
			if (sample_from_times(t1, r.recv_ns, r.xmit_ns, t4, r.root_dist_ns, r.stratum,
					      out) != 0) {
				snprintf(why, whycap, "times contradict each other (negative delay)");
				continue;
			}
			return EXCHANGE_OK;
		case NTP_REPLY_KISS:
			snprintf(why, whycap, "%s", r.kiss);
			return EXCHANGE_KISS;
		case NTP_REPLY_BAD:
			continue;	/* a forger's packet must not end the exchange: wait on */
		}
	}
}

enum exchange_result ntp_exchange(const struct ntp_server *s, int timeout_ms,
				  struct ntp_sample *out, char *why, size_t whycap)
{
	unsigned char pkt[NTP_PACKET_LEN];
	enum exchange_result res;
	uint64_t nonce;
	int64_t t1;
	int fd;

	why[0] = '\0';
	if (getrandom(&nonce, sizeof nonce, 0) != (ssize_t)sizeof nonce) {
		snprintf(why, whycap, "getrandom: %s", strerror(errno));
		return EXCHANGE_NONE;
	}
	fd = socket(s->addr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(why, whycap, "socket: %s", strerror(errno));
		return EXCHANGE_NONE;
	}
	if (connect(fd, (const struct sockaddr *)&s->addr, s->addrlen) != 0) {
		snprintf(why, whycap, "connect: %s", strerror(errno));
		close(fd);
		return EXCHANGE_NONE;
	}
	ntp_request(pkt, nonce);
	t1 = clock_now_ns();
	if (send(fd, pkt, sizeof pkt, 0) != (ssize_t)sizeof pkt) {
		snprintf(why, whycap, "send: %s", strerror(errno));
		close(fd);
		return EXCHANGE_NONE;
	}
	res = wait_reply(fd, nonce, t1, timeout_ms, out, why, whycap);
	close(fd);
	return res;
}
