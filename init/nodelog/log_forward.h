/*
 * Forwarding the kernel's ring to the site's log host as RFC 5424 syslog, over UDP (RFC 5426:
 * one datagram per record, at most SYSLOG_UDP_MAX bytes) or TCP (RFC 6587 octet counting).
 *
 * The forwarder reads its own fd on /dev/kmsg, which has its own position in the ring: it
 * reads one record only when the host is connected and the previous frame is sent, so a host
 * that is down or slow holds nothing in memory and never slows the disk. The ring is the
 * buffer; when it overwrites records the forwarder had not read, the host gets a record of
 * nodelog's own saying how many were lost.
 *
 * TCP: a non-blocking connect; on an error or hang-up the connection is closed, reported once,
 * and made again after 1 s doubling to 60 s (init/backoff.c); the frame that was being sent is
 * sent again whole on the new connection. UDP: a connected socket; "port unreachable" coming
 * back (ECONNREFUSED) is reported once and otherwise ignored; a send that fails otherwise (no
 * route yet early in boot, the firewall) is retried like a lost TCP connection.
 *
 * Driven from the caller's poll loop: log_forward_events says which fds and when, then
 * log_forward_step does what is due.
 */
#ifndef NODELOG_LOG_FORWARD_H
#define NODELOG_LOG_FORWARD_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "../backoff.h"
#include "kmsg_record.h"
#include "kmsg_seq.h"
#include "log_store.h"
#include "syslog_format.h"

#define LOG_FORWARD_BATCH 64	/* records per step at most: the disk gets its turn in between */
#define LOG_FORWARD_NAME_MAX 80
#define LOG_FORWARD_REFUSED_QUIET_MS 60000	/* a minute without "port unreachable" ends that episode */

enum log_forward_proto { LOG_FORWARD_UDP, LOG_FORWARD_TCP };
enum log_forward_state { LOG_FORWARD_DOWN, LOG_FORWARD_CONNECTING, LOG_FORWARD_UP };

struct log_forward {
	enum log_forward_proto proto;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char name[LOG_FORWARD_NAME_MAX];	/* "10.0.2.100 port 514 (tcp)" */
	const struct syslog_origin *origin;
	log_report_fn *report;
	char procid[16];			/* nodelog's pid, for its own records */

	int kmsg_fd;
	struct kmsg_seq seq;
	int kmsg_drained;	/* the last read found nothing more */
	uint64_t unparsed;	/* records skipped because they did not parse */

	int sock;
	enum log_forward_state state;
	struct backoff backoff;
	int64_t up_since_ms, retry_at_ms;
	int down_reported;	/* this episode's failure has been said */
	int refused_reported;
	int64_t refused_at_ms;
	int refused_retry;	/* the pending datagram met ECONNREFUSED once already */

	char frame[SYSLOG_FRAME_MAX];	/* the pending frame, or datagram */
	size_t frame_len, frame_off;
	char rec[KMSG_READ_MAX];	/* the last record read from the ring */
	struct kmsg_record held;	/* it, waiting behind the frame about records lost before it */
	int has_held;
	char msg[SYSLOG_TCP_MAX];
};

/* An IPv4 or IPv6 literal and a port 1..65535 (as text). 0, or -1 if either is not one. */
int log_forward_address(const char *addr, const char *port, struct sockaddr_storage *out,
			socklen_t *outlen) __attribute__((warn_unused_result));

/*
 * Sets up f to forward records read from kmsg_fd (non-blocking) to addr:port; resume/done as
 * for kmsg_seq_init. 0, or -1 if the address or port is not one. Connects on the first step.
 */
int log_forward_init(struct log_forward *f, enum log_forward_proto proto, const char *addr,
		     const char *port, int kmsg_fd, int resume, uint64_t done,
		     const struct syslog_origin *origin, log_report_fn *report)
	__attribute__((warn_unused_result));

/*
 * The fds to poll now (fd -1 when not wanted) and the time by which log_forward_step must run
 * again (*deadline_ms lowered to it, if earlier).
 */
void log_forward_events(const struct log_forward *f, int64_t now_ms, struct pollfd *kmsg,
			struct pollfd *sock, int64_t *deadline_ms);

/* Does what is due, given what poll returned for those fds (0 when not polled). */
void log_forward_step(struct log_forward *f, int64_t now_ms, short kmsg_revents, short sock_revents);

/*
 * 1 when connected with nothing to send: at the last step the ring was read to its end and no
 * frame was left pending. Records that came since are only seen by the next step, so a caller
 * that waits for this steps first.
 */
int log_forward_idle(const struct log_forward *f);

/* Closes the socket (what TCP has buffered still goes out). */
void log_forward_close(struct log_forward *f);

#endif
