/* NTP's wire format as nodetime reads it (init/nodetime/ntp_packet.c): every reply check. */
#include <stdint.h>

#include "check.h"
#include "ntp_packet.h"

#define NONCE 0x0123456789abcdefULL
#define NS 1000000000LL

static unsigned char pkt[NTP_PACKET_LEN];
static struct ntp_reply r;
static char why[160];

static void put64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (56 - 8 * i));
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A good reply from a stratum 2 server at 2026-11-23T00:00:00Z, 1 ms between receive and send. */
static void good(void)
{
	int64_t t = 1795392000LL * NS;

	memset(pkt, 0, sizeof pkt);
	pkt[0] = 0 << 6 | 4 << 3 | 4;
	pkt[1] = 2;
	put32(pkt + 4, 0x00000100);	/* root delay 3.9 ms */
	put32(pkt + 8, 0x00000200);	/* root dispersion 7.8 ms */
	memcpy(pkt + 12, "\x0a\x00\x03\x01", 4);
	put64(pkt + 24, NONCE);
	put64(pkt + 32, ntp_from_unix_ns(t));
	put64(pkt + 40, ntp_from_unix_ns(t + 1000000));
}

static enum ntp_verdict check(size_t len)
{
	why[0] = '\0';
	return ntp_reply_check(pkt, len, NONCE, &r, why, sizeof why);
}

static void request_is_v4_client_carrying_the_nonce(void)
{
	unsigned i, nonzero = 0;

	ntp_request(pkt, NONCE);
	CHECK_INT(pkt[0], 0x23);
	for (i = 1; i < 40; i++)
		nonzero += pkt[i] != 0;
	CHECK_INT(nonzero, 0);
	CHECK(memcmp(pkt + 40, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8) == 0);
}

static void a_good_reply_is_read(void)
{
	good();
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_OK);
	CHECK_INT(r.recv_ns, 1795392000LL * NS);
	CHECK_INT(r.xmit_ns, 1795392000LL * NS + 1000000);
	CHECK_INT(r.stratum, 2);
	CHECK_INT(r.leap, 0);
	CHECK_INT(r.root_dist_ns, 3906250 / 2 + 7812500);
	/* version 3 servers and trailing extension bytes are fine */
	pkt[0] = 3 << 3 | 4;
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_OK);
}

static void trailing_bytes_are_ignored(void)
{
	unsigned char big[NTP_PACKET_LEN + 20];

	good();
	memcpy(big, pkt, sizeof pkt);
	memset(big + NTP_PACKET_LEN, 0xff, 20);
	why[0] = '\0';
	CHECK_INT(ntp_reply_check(big, sizeof big, NONCE, &r, why, sizeof why), NTP_REPLY_OK);
}

static void short_replies_are_refused(void)
{
	size_t n;

	good();
	for (n = 0; n < NTP_PACKET_LEN; n++)
		if (check(n) != NTP_REPLY_BAD)
			break;
	CHECK_INT(n, NTP_PACKET_LEN);
	CHECK_CONTAINS(why, "short reply (47 bytes");
}

static void other_modes_and_versions_are_refused(void)
{
	unsigned mode;

	for (mode = 0; mode < 8; mode++) {
		if (mode == 4)
			continue;
		good();
		pkt[0] = (unsigned char)(4 << 3 | mode);
		CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
		CHECK_CONTAINS(why, "not a server reply");
	}
	good();
	pkt[0] = 2 << 3 | 4;
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
	CHECK_CONTAINS(why, "NTP version 2");
	pkt[0] = 5 << 3 | 4;
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
}

static void a_reply_not_echoing_the_nonce_is_refused(void)
{
	good();
	pkt[31] ^= 1;
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
	CHECK_CONTAINS(why, "origin does not echo our request");
	/* a forged kiss-o'-death is not believed either */
	good();
	pkt[1] = 0;
	memcpy(pkt + 12, "DENY", 4);
	put64(pkt + 24, NONCE + 1);
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
}

static void kiss_of_death_gives_its_code(void)
{
	good();
	pkt[1] = 0;
	memcpy(pkt + 12, "RATE", 4);
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_KISS);
	CHECK_STR(r.kiss, "RATE");
	memcpy(pkt + 12, "D\x01N\xff", 4);
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_KISS);
	CHECK_STR(r.kiss, "D?N?");
}

static void unsynchronised_servers_are_refused(void)
{
	good();
	pkt[1] = 16;
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
	CHECK_CONTAINS(why, "stratum 16");
	good();
	pkt[0] |= 3 << 6;
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
	CHECK_CONTAINS(why, "leap indicator 3");
	good();
	pkt[0] |= 1 << 6;	/* a leap second announced is fine */
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_OK);
	CHECK_INT(r.leap, 1);
}

static void zero_or_backwards_times_are_refused(void)
{
	good();
	memset(pkt + 32, 0, 8);
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
	CHECK_CONTAINS(why, "zero receive");
	good();
	memset(pkt + 40, 0, 8);
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
	CHECK_CONTAINS(why, "zero transmit");
	good();
	put64(pkt + 40, ntp_from_unix_ns(1795392000LL * NS - 1000));
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
	CHECK_CONTAINS(why, "transmit time before receive time");
}

static void a_distant_server_is_refused(void)
{
	good();
	put32(pkt + 8, 0x00018000);	/* root dispersion 1.5 s, plus half the root delay */
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
	CHECK_CONTAINS(why, "root distance 1.502 s over 1.5 s");
	put32(pkt + 4, 0xffffffff);
	put32(pkt + 8, 0xffffffff);
	CHECK_INT(check(NTP_PACKET_LEN), NTP_REPLY_BAD);
}

static void timestamps_convert_both_ways_across_eras(void)
{
	static const int64_t t[] = { 0, 1, 999999999, 1795392000LL * NS + 123456789,
				     2085978495LL * NS + 999999999, 2085978496LL * NS,
				     2085978496LL * NS + 1, 4000000000LL * NS + 5 };
	size_t i;

	/* the epochs: 1970 is NTP 2208988800, era 1 starts at 2036-02-07T06:28:16Z */
	CHECK(ntp_from_unix_ns(0) == 2208988800ULL << 32);
	CHECK_INT(ntp_to_unix_ns(0), 2085978496LL * NS);
	CHECK_INT(ntp_to_unix_ns(0xffffffffULL << 32), 2085978495LL * NS);
	CHECK_INT(ntp_to_unix_ns(0x80000000ULL << 32), (0x80000000LL - 2208988800LL) * NS);
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		CHECK_INT(ntp_to_unix_ns(ntp_from_unix_ns(t[i])), t[i]);
	/* half a second is 0x80000000 in the fraction */
	CHECK(ntp_from_unix_ns(500000000) == (2208988800ULL << 32 | 0x80000000u));
}

int main(void)
{
	RUN(request_is_v4_client_carrying_the_nonce);
	RUN(a_good_reply_is_read);
	RUN(trailing_bytes_are_ignored);
	RUN(short_replies_are_refused);
	RUN(other_modes_and_versions_are_refused);
	RUN(a_reply_not_echoing_the_nonce_is_refused);
	RUN(kiss_of_death_gives_its_code);
	RUN(unsynchronised_servers_are_refused);
	RUN(zero_or_backwards_times_are_refused);
	RUN(a_distant_server_is_refused);
	RUN(timestamps_convert_both_ways_across_eras);
	return check_done();
}
