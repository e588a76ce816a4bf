#include <stdio.h>
#include <string.h>

#include "ntp_packet.h"

#define NTP_UNIX_DELTA 2208988800LL	/* seconds from 1900-01-01 to 1970-01-01 */
#define NS 1000000000LL

static uint64_t be64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void ntp_request(unsigned char pkt[NTP_PACKET_LEN], uint64_t nonce)
{
	int i;

	memset(pkt, 0, NTP_PACKET_LEN);
	pkt[0] = 0 << 6 | 4 << 3 | 3;	/* leap 0, version 4, mode 3 (client) */
	for (i = 0; i < 8; i++)
		pkt[40 + i] = (unsigned char)(nonce >> (56 - 8 * i));
}

int64_t ntp_to_unix_ns(uint64_t ts)
{
	int64_t secs = (int64_t)(ts >> 32);
	uint64_t frac = ts & 0xffffffffu;

	if (!(secs & 0x80000000LL))
		secs += 0x100000000LL;	/* era 1: 2036-02-07 onwards */
	return (secs - NTP_UNIX_DELTA) * NS + (int64_t)((frac * (uint64_t)NS) >> 32);
}

uint64_t ntp_from_unix_ns(int64_t ns)
{
	int64_t secs = ns / NS, rem = ns % NS;

	if (rem < 0) {
		rem += NS;
		secs--;
	}
	/* the era wraps by itself in 32 bits; the fraction rounds up so a round trip is exact */
	return (uint64_t)(uint32_t)(secs + NTP_UNIX_DELTA) << 32 |
	       (((uint64_t)rem << 32) + NS - 1) / NS;
}

/* NTP short format (16.16 seconds) to ns */
static int64_t short_ns(uint32_t v)
{
	return (int64_t)(((uint64_t)v * (uint64_t)NS) >> 16);
}

enum ntp_verdict ntp_reply_check(const unsigned char *buf, size_t len, uint64_t nonce,
				 struct ntp_reply *r, char *why, size_t whycap)
{
	unsigned leap, version, mode;
	uint64_t origin, recv, xmit;

	memset(r, 0, sizeof *r);
	if (len < NTP_PACKET_LEN) {
		snprintf(why, whycap, "short reply (%zu bytes, want %d)", len, NTP_PACKET_LEN);
		return NTP_REPLY_BAD;
	}
	leap = buf[0] >> 6;
	version = buf[0] >> 3 & 7;
	mode = buf[0] & 7;
	if (mode != 4) {
		snprintf(why, whycap, "not a server reply (mode %u)", mode);
		return NTP_REPLY_BAD;
	}
	if (version != 3 && version != 4) {
		snprintf(why, whycap, "NTP version %u (want 3 or 4)", version);
		return NTP_REPLY_BAD;
	}
	origin = be64(buf + 24);
	if (origin != nonce) {
		/* before anything else is believed, kiss codes included: a blind forger cannot know it */
		snprintf(why, whycap, "origin does not echo our request (stale or forged reply)");
		return NTP_REPLY_BAD;
	}
	r->stratum = buf[1];
	r->leap = leap;
	if (r->stratum == 0) {
		unsigned i;

		for (i = 0; i < 4; i++) {
			unsigned char c = buf[12 + i];
			r->kiss[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
		}
		r->kiss[4] = '\0';
		snprintf(why, whycap, "kiss-o'-death %s", r->kiss);
		return NTP_REPLY_KISS;
	}
	if (r->stratum > 15) {
		snprintf(why, whycap, "server not synchronised (stratum %u)", r->stratum);
		return NTP_REPLY_BAD;
	}
	if (leap == 3) {
		snprintf(why, whycap, "server clock not synchronised (leap indicator 3)");
		return NTP_REPLY_BAD;
	}
	recv = be64(buf + 32);
	xmit = be64(buf + 40);
	if (recv == 0 || xmit == 0) {
		snprintf(why, whycap, "zero %s timestamp", recv == 0 ? "receive" : "transmit");
		return NTP_REPLY_BAD;
	}
	r->recv_ns = ntp_to_unix_ns(recv);
	r->xmit_ns = ntp_to_unix_ns(xmit);
	if (r->xmit_ns < r->recv_ns) {
		snprintf(why, whycap, "transmit time before receive time");
		return NTP_REPLY_BAD;
	}
	r->root_dist_ns = short_ns(be32(buf + 4)) / 2 + short_ns(be32(buf + 8));
	if (r->root_dist_ns > NTP_MAX_ROOT_DIST_NS) {
		snprintf(why, whycap, "root distance %.3f s over %.1f s", (double)r->root_dist_ns / NS,
			 (double)NTP_MAX_ROOT_DIST_NS / NS);
		return NTP_REPLY_BAD;
	}
	return NTP_REPLY_OK;
}
