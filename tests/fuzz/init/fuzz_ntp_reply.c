/*
 * libFuzzer: nodetime's check of a time server's reply (init/nodetime/ntp_packet.c). The first
 * 8 bytes are the request's nonce, the rest the reply: nothing may read outside it, and what is
 * accepted must hold what the check promises.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../fuzz_assert.h"
#include "ntp_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ntp_reply r;
	uint64_t nonce;
	char why[160];

	if (size < sizeof nonce)
		return 0;
	memcpy(&nonce, data, sizeof nonce);
	switch (ntp_reply_check(data + sizeof nonce, size - sizeof nonce, nonce, &r, why, sizeof why)) {
	case NTP_REPLY_OK:
		FUZZ_ASSERT(size - sizeof nonce >= NTP_PACKET_LEN && r.stratum >= 1 && r.stratum <= 15 &&
			    r.leap != 3 && r.xmit_ns >= r.recv_ns && r.root_dist_ns >= 0 &&
			    r.root_dist_ns <= NTP_MAX_ROOT_DIST_NS);
		break;
	case NTP_REPLY_KISS:
		FUZZ_ASSERT(r.stratum == 0 && strlen(r.kiss) == 4);
		break;
	case NTP_REPLY_BAD:
		FUZZ_ASSERT(why[0] != '\0');
		break;
	}
	return 0;
}
