/* nodelog's forwarding (init/nodelog/log_forward.c) to real sockets on 127.0.0.1: datagrams,
 * octet-counted TCP frames, the 2048-byte cut, records lost in the ring, a restart's skip,
 * port unreachable, and a lost TCP connection: reported once, made again, and the frame that
 * was half sent sent again whole. The ring is a SOCK_SEQPACKET socket: one read, one record. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "log_forward.h"

static struct log_forward f;
static struct syslog_origin origin = { "node-7", "3.0.0" };
static char reports[8192];
static int ring[2];
static char port[8];

static void report(const char *msg)
{
	size_t n = strlen(reports);

	snprintf(reports + n, sizeof reports - n, "%s\n", msg);
}

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

/* A socket bound to 127.0.0.1 on a free port (written to port[]). */
static int bound(int type)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int s = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) != 0)
		die("bind");
	snprintf(port, sizeof port, "%u", ntohs(a.sin_port));
	return s;
}

static void start(enum log_forward_proto proto, int resume, uint64_t done)
{
	reports[0] = '\0';
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, ring) != 0)
		die("socketpair");
	if (log_forward_init(&f, proto, "127.0.0.1", port, ring[0], resume, done, &origin, report) != 0)
		die("log_forward_init");
}

static void stop(void)
{
	log_forward_close(&f);
	close(ring[0]);
	close(ring[1]);
}

static void put(const char *rec)
{
	if (write(ring[1], rec, strlen(rec)) != (ssize_t)strlen(rec))
		die("ring write");
}

/*
 * Runs the forwarder as nodelog's poll loop does, for ms, or until it is idle (until_idle):
 * a step first, as after any wakeup, so "idle" is about the records put before the call.
 */
static void pump(int ms, int until_idle)
{
	int64_t end = now_ms() + ms;
	struct pollfd p[2] = { { -1, 0, 0 }, { -1, 0, 0 } };

	for (;;) {
		int64_t now, deadline = end;

		log_forward_step(&f, now_ms(), p[0].revents, p[1].revents);
		now = now_ms();
		if (now >= end || (until_idle && log_forward_idle(&f)))
			return;
		log_forward_events(&f, now, &p[0], &p[1], &deadline);
		p[0].revents = p[1].revents = 0;
		if (poll(p, 2, (int)(deadline - now)) < 0 && errno != EINTR)
			die("poll");
	}
}

static ssize_t datagram(int s, char *buf, size_t cap)
{
	struct pollfd p = { s, POLLIN, 0 };
	ssize_t n;

	if (poll(&p, 1, 1000) != 1)
		return -1;
	n = recv(s, buf, cap - 1, 0);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static void udp_sends_one_rfc5424_datagram_per_record(void)
{
	int s = bound(SOCK_DGRAM);
	char buf[4096];

	start(LOG_FORWARD_UDP, 0, 0);
	put("6,0,1500000,-;Linux version 6.1.0\n");
	put("14,1,23000000,-;ntp[230]: nodetime: clock stepped\n SUBSYSTEM=x\n");
	put("13,2,23000001,-;no tag here\n");
	pump(1000, 1);
	CHECK(log_forward_idle(&f));
	CHECK(datagram(s, buf, sizeof buf) > 0);
	CHECK_STR(buf, "<6>1 - node-7 kernel - - [meta sequenceId=\"1\" sysUpTime=\"150\"][origin software=\"node\" swVersion=\"3.0.0\"] Linux version 6.1.0");
	CHECK(datagram(s, buf, sizeof buf) > 0);
	CHECK_STR(buf, "<14>1 - node-7 ntp 230 - [meta sequenceId=\"2\" sysUpTime=\"2300\"][origin software=\"node\" swVersion=\"3.0.0\"] nodetime: clock stepped");
	CHECK(datagram(s, buf, sizeof buf) > 0);
	CHECK_STR(buf, "<13>1 - node-7 user - - [meta sequenceId=\"3\" sysUpTime=\"2300\"][origin software=\"node\" swVersion=\"3.0.0\"] no tag here");
	CHECK_CONTAINS(reports, "syslog host 127.0.0.1 port ");
	CHECK_CONTAINS(reports, " (udp): sending\n");
	CHECK_INT(count(reports, "\n"), 1);
	stop();
	close(s);
}

static void a_long_record_is_cut_to_one_2048_byte_datagram(void)
{
	int s = bound(SOCK_DGRAM);
	static char rec[4000], buf[8192];

	start(LOG_FORWARD_UDP, 0, 0);
	memcpy(rec, "14,0,1,-;svc[1]: ", 17);
	memset(rec + 17, 'x', 3000);
	memcpy(rec + 3017, "\n", 2);
	put(rec);
	pump(1000, 1);
	CHECK_INT(datagram(s, buf, sizeof buf), SYSLOG_UDP_MAX);
	CHECK(memcmp(buf, "<14>1 - node-7 svc 1 - [meta", 28) == 0);
	stop();
	close(s);
}

static void records_the_ring_lost_are_counted_in_a_record_of_nodelogs_own(void)
{
	int s = bound(SOCK_DGRAM);
	char buf[4096], pid[80];

	start(LOG_FORWARD_UDP, 0, 0);
	put("14,0,1,-;a: first\n");
	put("14,10,2,-;a: after a gap\n");	/* 1..9 overwritten before the forwarder read them */
	pump(1000, 1);
	CHECK(datagram(s, buf, sizeof buf) > 0);
	CHECK_CONTAINS(buf, "sequenceId=\"1\"");
	CHECK(datagram(s, buf, sizeof buf) > 0);
	snprintf(pid, sizeof pid, "<44>1 - node-7 nodelog %ld - [meta sysUpTime=", (long)getpid());
	CHECK(strncmp(buf, pid, strlen(pid)) == 0);
	CHECK_CONTAINS(buf, "] 9 records lost: the kernel's log ring overwrote them before they were sent");
	CHECK(datagram(s, buf, sizeof buf) > 0);
	CHECK_CONTAINS(buf, "sequenceId=\"11\"");
	CHECK_CONTAINS(buf, "] after a gap");
	stop();
	close(s);
}

static void a_restart_skips_what_the_cursor_covers_and_bad_records(void)
{
	int s = bound(SOCK_DGRAM);
	char buf[4096];

	start(LOG_FORWARD_UDP, 1, 5);
	put("14,4,1,-;a: old\n");
	put("14,5,1,-;a: old\n");
	put("garbage\n");
	put("14,7,1,-;a: new\n");
	pump(1000, 1);
	CHECK(datagram(s, buf, sizeof buf) > 0);
	CHECK_CONTAINS(buf, "sequenceId=\"8\"");
	CHECK_INT(datagram(s, buf, sizeof buf), -1);	/* nothing else, no loss notice */
	CHECK_INT(f.unparsed, 1);
	stop();
	close(s);
}

static void port_unreachable_is_said_once_and_sending_goes_on(void)
{
	int s = bound(SOCK_DGRAM), i;
	char rec[64];

	close(s);	/* nobody listens there now: ICMP port unreachable comes back */
	start(LOG_FORWARD_UDP, 0, 0);
	for (i = 0; i < 6; i++) {
		snprintf(rec, sizeof rec, "14,%d,1,-;a: %d\n", i, i);
		put(rec);
		pump(50, 0);
	}
	pump(1000, 1);
	CHECK(log_forward_idle(&f));
	CHECK_INT(count(reports, "port unreachable (Connection refused); sending on"), 1);
	CHECK_INT(count(reports, "retrying"), 0);
	stop();
}

static int accept_within(int l, int ms)
{
	struct pollfd p = { l, POLLIN, 0 };

	if (poll(&p, 1, ms) != 1)
		return -1;
	return accept4(l, NULL, NULL, SOCK_CLOEXEC);
}

/* Reads one octet-counted frame from a TCP stream into buf. Its length, or -1. */
static ssize_t frame(int c, char *buf, size_t cap)
{
	char digits[16];
	size_t n = 0, len = 0, got = 0;

	for (;;) {
		struct pollfd p = { c, POLLIN, 0 };

		if (poll(&p, 1, 2000) != 1 || n >= sizeof digits || recv(c, digits + n, 1, 0) != 1)
			return -1;
		if (digits[n] == ' ')
			break;
		if (digits[n] < '0' || digits[n] > '9')
			return -1;
		len = len * 10 + (size_t)(digits[n++] - '0');
	}
	if (n == 0 || len >= cap)
		return -1;
	while (got < len) {
		struct pollfd p = { c, POLLIN, 0 };
		ssize_t r;

		if (poll(&p, 1, 2000) != 1)
			return -1;
		r = recv(c, buf + got, len - got, 0);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	buf[len] = '\0';
	return (ssize_t)len;
}

static void tcp_frames_count_octets_and_a_lost_connection_is_made_again(void)
{
	int l = bound(SOCK_STREAM), c;
	static char buf[SYSLOG_FRAME_MAX];

	CHECK(listen(l, 4) == 0);
	start(LOG_FORWARD_TCP, 0, 0);
	pump(200, 0);
	c = accept_within(l, 1000);
	CHECK(c >= 0);
	put("14,0,1,-;svc[7]: one\n");
	put("14,1,1,-;svc[7]: two\n");
	pump(1000, 1);
	CHECK(frame(c, buf, sizeof buf) > 0);
	CHECK_STR(buf, "<14>1 - node-7 svc 7 - [meta sequenceId=\"1\" sysUpTime=\"0\"][origin software=\"node\" swVersion=\"3.0.0\"] one");
	CHECK(frame(c, buf, sizeof buf) > 0);
	CHECK_CONTAINS(buf, "sequenceId=\"2\"");
	CHECK_CONTAINS(reports, "syslog host 127.0.0.1 port ");
	CHECK_CONTAINS(reports, " (tcp): connected\n");
	/* the host goes away: noticed without a record to send, said once */
	close(c);
	pump(200, 0);
	CHECK_INT(f.state, LOG_FORWARD_DOWN);
	CHECK_CONTAINS(reports, " (tcp): connection lost: closed by the host; retrying in 1 s\n");
	put("14,2,1,-;svc[7]: three\n");
	pump(1500, 0);
	c = accept_within(l, 1000);
	CHECK(c >= 0);
	pump(500, 1);
	CHECK(frame(c, buf, sizeof buf) > 0);
	CHECK_CONTAINS(buf, "sequenceId=\"3\"");
	CHECK_CONTAINS(buf, "] three");
	CHECK_INT(count(reports, "connected"), 2);
	CHECK_INT(count(reports, "connection lost"), 1);
	stop();
	close(c);
	close(l);
}

static void a_host_that_is_down_is_said_once_while_connecting_backs_off(void)
{
	int l = bound(SOCK_STREAM);

	close(l);	/* nothing listens: every connect is refused */
	start(LOG_FORWARD_TCP, 0, 0);
	pump(3300, 0);	/* tries at 0, 1 and 3 s */
	CHECK_INT(count(reports, "connect: Connection refused; retrying in"), 1);
	CHECK_CONTAINS(reports, " (tcp): connect: Connection refused; retrying in 1 s\n");
	CHECK(f.backoff.failures == 3);
	CHECK(f.retry_at_ms - now_ms() > 2000);	/* the next try 4 s after the third */
	stop();
}

static void a_half_sent_frame_is_sent_again_whole_on_the_new_connection(void)
{
	int l = bound(SOCK_STREAM), c, small = 4096, i;
	static char rec[1200], pending[SYSLOG_FRAME_MAX], buf[SYSLOG_FRAME_MAX];
	char *seqid;

	/* a host that takes nothing: its window closes, our send buffer fills */
	CHECK(setsockopt(l, SOL_SOCKET, SO_RCVBUF, &small, sizeof small) == 0);
	CHECK(listen(l, 4) == 0);
	start(LOG_FORWARD_TCP, 0, 0);
	pump(200, 0);
	c = accept_within(l, 1000);
	CHECK(c >= 0);
	for (i = 0; i < 20000 && !(f.frame_off > 0 && f.frame_off < f.frame_len); i++) {
		int n = snprintf(rec, sizeof rec, "14,%d,1,-;svc[7]: ", i);

		memset(rec + n, 'x', 1000);
		memcpy(rec + n + 1000, "\n", 2);
		put(rec);
		pump(i % 64 == 63 ? 5 : 0, 0);
		log_forward_step(&f, now_ms(), 0, POLLOUT);
	}
	CHECK(f.frame_off > 0 && f.frame_off < f.frame_len);
	memcpy(pending, f.frame, f.frame_len);
	pending[f.frame_len] = '\0';
	seqid = strstr(pending, "sequenceId=\"");
	CHECK(seqid != NULL);
	*strchr(seqid + 12, '"') = '\0';
	/* one more record behind it in the ring */
	snprintf(rec, sizeof rec, "14,%d,1,-;svc[7]: the next\n", i);
	put(rec);
	/* the host drops the connection with our data unread: a reset */
	close(c);
	pump(300, 0);
	CHECK_INT(f.state, LOG_FORWARD_DOWN);
	CHECK_INT(count(reports, "connection lost"), 1);
	pump(1300, 0);
	c = accept_within(l, 1000);
	CHECK(c >= 0);
	pump(300, 0);
	/* the first bytes on the new connection are the whole pending frame, from its length on */
	CHECK(frame(c, buf, sizeof buf) > 0);
	CHECK_CONTAINS(buf, seqid);
	CHECK(strncmp(buf, "<14>1 - node-7 svc 7 - [meta ", 29) == 0);
	/* and the next one follows it */
	CHECK(frame(c, buf, sizeof buf) > 0);
	CHECK_CONTAINS(buf, "] the next");
	snprintf(pending, sizeof pending, "sequenceId=\"%d\"", atoi(seqid + 12) + 1);
	CHECK_CONTAINS(buf, pending);
	stop();
	close(c);
	close(l);
}

static void addresses_are_literals_only(void)
{
	struct sockaddr_storage ss;
	socklen_t len;

	CHECK_INT(log_forward_address("10.0.2.100", "514", &ss, &len), 0);
	CHECK_INT(ss.ss_family, AF_INET);
	CHECK_INT(ntohs(((struct sockaddr_in *)&ss)->sin_port), 514);
	CHECK_INT(log_forward_address("fd00::2", "65535", &ss, &len), 0);
	CHECK_INT(ss.ss_family, AF_INET6);
	CHECK_INT(log_forward_address("loghost", "514", &ss, &len), -1);
	CHECK_INT(log_forward_address("10.0.2.100", "", &ss, &len), -1);
	CHECK_INT(log_forward_address("10.0.2.100", "514x", &ss, &len), -1);
	CHECK_INT(log_forward_address("10.0.2.100", "100000", &ss, &len), -1);
	CHECK_INT(log_forward_address("10.0.2.100 ", "514", &ss, &len), -1);
}

int main(void)
{
	RUN(udp_sends_one_rfc5424_datagram_per_record);
	RUN(a_long_record_is_cut_to_one_2048_byte_datagram);
	RUN(records_the_ring_lost_are_counted_in_a_record_of_nodelogs_own);
	RUN(a_restart_skips_what_the_cursor_covers_and_bad_records);
	RUN(port_unreachable_is_said_once_and_sending_goes_on);
	RUN(tcp_frames_count_octets_and_a_lost_connection_is_made_again);
	RUN(a_host_that_is_down_is_said_once_while_connecting_backs_off);
	RUN(a_half_sent_frame_is_sent_again_whole_on_the_new_connection);
	RUN(addresses_are_literals_only);
	return check_done();
}
