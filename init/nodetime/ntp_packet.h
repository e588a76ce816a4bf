/*
 * NTP's wire format, client side (RFC 5905 section 7.3): the 48-byte request nodetime sends and
 * the checks a server's reply must pass before its timestamps are believed. Pure functions with
 * explicit bounds: the reply is untrusted network input (unit-tested and fuzzed).
 */
#ifndef NODETIME_NTP_PACKET_H
#define NODETIME_NTP_PACKET_H

#include <stddef.h>
#include <stdint.h>

#define NTP_PACKET_LEN 48
#define NTP_PORT 123
/* RFC 5905's MAXDIST: a server further than this from its reference clock is not believed */
#define NTP_MAX_ROOT_DIST_NS 1500000000LL

/*
 * A client request: version 4, mode 3, every field zero but the transmit timestamp, which
 * carries nonce instead of the node's clock (the reply must echo it as its origin, which is how a
 * stale or blind-forged reply is told apart, and the node's clock is not given away).
 */
void ntp_request(unsigned char pkt[NTP_PACKET_LEN], uint64_t nonce);

enum ntp_verdict {
	NTP_REPLY_OK,
	NTP_REPLY_BAD,	/* not a usable reply: ignore it, keep waiting */
	NTP_REPLY_KISS,	/* kiss-o'-death (stratum 0): kiss holds the code, e.g. "RATE", "DENY" */
};

struct ntp_reply {
	int64_t recv_ns;	/* T2: server's receive time, ns since the Unix epoch */
	int64_t xmit_ns;	/* T3: server's transmit time */
	unsigned stratum;
	unsigned leap;		/* leap indicator 0..2 */
	int64_t root_dist_ns;	/* root delay / 2 + root dispersion */
	char kiss[5];		/* NTP_REPLY_KISS only */
};

/*
 * Checks a reply of len bytes against the nonce of our request: a server reply (mode 4,
 * version 3 or 4), synchronised (leap indicator not 3, stratum 1-15), echoing our nonce, with
 * non-zero receive and transmit times and a root distance under NTP_MAX_ROOT_DIST_NS. Bytes past
 * the 48 of the header (extension fields, a MAC) are ignored. why says what failed.
 */
enum ntp_verdict ntp_reply_check(const unsigned char *buf, size_t len, uint64_t nonce,
				 struct ntp_reply *r, char *why, size_t whycap);

/*
 * An NTP timestamp (32.32 fixed point seconds since 1900) as ns since 1970. Era: seconds with
 * the top bit set are 1968-2036 (era 0), the others 2036-2104 (era 1). A node's clock before 1968
 * or after 2104 is not a case we serve, and this needs no idea of the current time.
 */
int64_t ntp_to_unix_ns(uint64_t ts);
uint64_t ntp_from_unix_ns(int64_t ns);

#endif
