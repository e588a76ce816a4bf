/*
 * A record as a syslog message (RFC 5424), for the site's log host:
 *
 *   <PRI>1 - HOSTNAME APP-NAME PROCID - [meta sequenceId="N" sysUpTime="T"]
 *       [origin software="node" swVersion="V"] MSG
 *
 * and its framing on TCP (RFC 6587 3.4.1 octet counting: "LEN SP MSG"). Pure: every header field
 * comes out as 1 to its RFC 5424 limit of PRINTUSASCII (33..126), whatever went in.
 */
#ifndef NODELOG_SYSLOG_FORMAT_H
#define NODELOG_SYSLOG_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define SYSLOG_HOSTNAME_MAX 255
#define SYSLOG_APP_NAME_MAX 48
#define SYSLOG_PROCID_MAX 128
#define SYSLOG_SW_VERSION_MAX 48
/* The longest header and structured data, every field at its limit and escaped: MSG always
   has at least cap - SYSLOG_HEADER_MAX bytes */
#define SYSLOG_HEADER_MAX 704
/* RFC 5426 3.2: every receiver SHOULD take datagrams of 2048 bytes (the MUSTs are 480 on IPv4
   and 1180 on IPv6, but a site's log host that takes less is not one we can serve) */
#define SYSLOG_UDP_MAX 2048
#define SYSLOG_TCP_MAX 8192	/* a whole kernel record and its header fit */
#define SYSLOG_FRAME_MAX (SYSLOG_TCP_MAX + 16)
#define SYSLOG_SEQUENCE_ID_MAX 2147483647ULL

/* What stays the same for every message of this run. */
struct syslog_origin {
	char hostname[SYSLOG_HOSTNAME_MAX + 1];	/* sanitised: syslog_field */
	char sw_version[SYSLOG_SW_VERSION_MAX + 1];	/* "" leaves swVersion out */
};

struct syslog_msg {
	unsigned facility, level;	/* facility 0..23 */
	const char *app_name;	/* NUL-terminated; NULL or "" gives "-" */
	const char *procid;	/* NUL-terminated; NULL or "" gives "-" */
	int has_seq;		/* 0 leaves sequenceId out (nodelog's own records) */
	uint64_t seq;		/* the kernel's record number */
	uint64_t uptime_usec;
	const char *text;
	size_t text_len;
};

/*
 * A header field: the bytes of in that are PRINTUSASCII, others as '_', at most max of them,
 * "-" (RFC 5424's NILVALUE) when that leaves nothing. out has room for max + 1.
 */
void syslog_field(char *out, size_t max, const char *in, size_t in_len);

/* An SD-PARAM value with '"', '\' and ']' escaped by a backslash (RFC 5424 6.3.3). Returns the
   length, or 0 if it did not fit in cap with its NUL. */
size_t syslog_param_escape(char *out, size_t cap, const char *in);

/* meta's sequenceId for a kernel record number: 1..2147483647, wrapping to 1 (RFC 5424 7.3.1). */
uint64_t syslog_sequence_id(uint64_t seq);

/*
 * The message in out (cap >= SYSLOG_HEADER_MAX + 1; SYSLOG_UDP_MAX for a datagram), MSG cut to
 * fit and escaped like the disk line. Returns the length (no NUL), or 0 if cap is too small.
 */
size_t syslog_format(char *out, size_t cap, const struct syslog_origin *o, const struct syslog_msg *m);

/* "LEN SP MSG" in out; returns its length, or 0 if cap is too small. */
size_t syslog_frame(char *out, size_t cap, const char *msg, size_t len);

#endif
