/* The receiver's parser and assembly state under random packets. The input is a sequence of
 * records [flags][len hi][len lo][bytes...]; flag bit 0 signs the record with the fuzz key, so
 * that packets get past the tag into the transfer table and the part files (random bytes almost
 * never would); flag bit 6 makes the record the fields of a packet of a small layout (a few
 * transfer ids, 16-byte symbols, blocks of up to 8) so that blocks fill, decode and complete. The receiver writes into a private temporary inbox.
 * Invariants: no crash or sanitizer report; a file that appears in the inbox has exactly the
 * BLAKE2b-256 its packets claimed; at most DIODE_XFERS_MAX part files exist at any time; closing
 * the receiver leaves no part file. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "../fuzz_assert.h"
#include "diode_rx.h"

static char dir[64];
static int dirfd_ = -1;
static struct diode_key key;

static void check_inbox(const struct diode_rx *rx, int closed)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int parts = 0;

	FUZZ_ASSERT(d != NULL);
	while ((e = readdir(d)) != NULL) {
		char path[128];
		uint8_t buf[4096], h[DIODE_HASH_BYTES];
		crypto_generichash_state st;
		ssize_t n;
		int fd;

		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || strcmp(e->d_name, "..") == 0))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (strncmp(e->d_name, ".diode-", 7) == 0) {
			parts++;
			if (closed)
				FUZZ_ASSERT(!"part file left after close");
			continue;
		}
		/* a delivered file: its hash must be the one its (authentic) packets claimed, which
		 * the receiver remembers among its finished transfers */
		fd = open(path, O_RDONLY);
		FUZZ_ASSERT(fd >= 0);
		crypto_generichash_init(&st, NULL, 0, sizeof h);
		while ((n = read(fd, buf, sizeof buf)) > 0)
			crypto_generichash_update(&st, buf, (size_t)n);
		close(fd);
		crypto_generichash_final(&st, h, sizeof h);
		FUZZ_ASSERT(strlen(e->d_name) > 7 && strcmp(e->d_name + strlen(e->d_name) - 7, ".bundle") == 0);
		{
			int found = 0;

			for (unsigned i = 0; i < DIODE_DONE_MAX; i++)
				found |= rx->done[i].used && memcmp(rx->done[i].hash, h, sizeof h) == 0;
			FUZZ_ASSERT(found);
		}
		unlink(path);
	}
	closedir(d);
	FUZZ_ASSERT(parts <= DIODE_XFERS_MAX);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	memset(key.key, 0x42, sizeof key.key);
	snprintf(dir, sizeof dir, "/tmp/fuzz_diode.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	dirfd_ = open(dir, O_RDONLY | O_DIRECTORY);
	if (dirfd_ < 0)
		abort();
	return 0;
}

/* A well-formed packet from the record's bytes: id, size, kmax, block, index, m, then payload. */
static size_t structured(const uint8_t *d, size_t n, uint8_t *out)
{
	uint8_t f[8] = { 0 }, payload[16] = { 0 };
	struct diode_layout lay = { .symbol_size = 16 };
	unsigned k, m;
	uint32_t b;

	memcpy(f, d, n < sizeof f ? n : sizeof f);
	if (n > sizeof f)
		memcpy(payload, d + sizeof f, n - sizeof f < sizeof payload ? n - sizeof f : sizeof payload);
	lay.transfer_id = f[0] & 3;
	lay.file_size = 1 + ((unsigned)f[1] << 8 | f[2]) % 2048;
	lay.kmax = 1 + f[3] % 8;
	memset(lay.file_hash, f[0] & 3, sizeof lay.file_hash);
	snprintf(lay.name, sizeof lay.name, "f%u.bundle", f[0] & 3);
	if (diode_layout_init(&lay, NULL) < 0)
		return 0;
	b = f[4] % lay.nblocks;
	k = diode_layout_block_k(&lay, b);
	m = f[6] % 4;
	return diode_packet_encode(&lay, b, k, m, f[5] % (k + m), payload, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct diode_rx rx;
	static uint8_t pkt[DIODE_PACKET_MAX + 16];
	uint64_t delivered_before;
	double now = 0;

	diode_rx_init(&rx, &key, dirfd_, 1 << 20, 5, NULL);
	while (size >= 3) {
		unsigned flags = data[0];
		size_t len = (size_t)data[1] << 8 | data[2];
		struct diode_packet p;
		size_t used;

		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		if (len > sizeof pkt)
			len = sizeof pkt;
		used = len;
		if (flags & 0x40)
			len = structured(data, len, pkt);
		else
			memcpy(pkt, data, len);
		data += used;
		size -= used;
		/* sign what parses, with the key the receiver has: reach the assembly */
		if ((flags & 1) && diode_packet_parse(pkt, len, &p, NULL) == 0)
			diode_tag_sign(&key, pkt, p.signed_len);
		delivered_before = rx.delivered;
		diode_rx_packet(&rx, pkt, len, "fuzz", now);
		/* a delivery is only ever of a complete file whose hash verified */
		FUZZ_ASSERT(rx.delivered - delivered_before <= 1);
		FUZZ_ASSERT(rx.active[0] + rx.active[1] <= DIODE_XFERS_MAX);
		if (rx.delivered != delivered_before)
			check_inbox(&rx, 0);
		now += (flags >> 1) & 7;
		if (flags & 0x80)
			diode_rx_tick(&rx, now);
	}
	diode_rx_close(&rx, "fuzz input over");
	check_inbox(&rx, 1);
	return 0;
}
