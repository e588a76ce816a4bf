/* The receiver's assembly (diode_rx + diode_xfer) on a real directory, fed packets the way the
 * sender makes them: random loss, reordering and duplicates across carousel rounds. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "check.h"
#include "diode_fec.h"
#include "diode_rx.h"

#define SYM 64
#define KMAX 20
#define OVERHEAD_M 6
#define PMAX 4096

static struct diode_key key, wrong_key;
static uint8_t pkts[PMAX][DIODE_PACKET_MAX];
static size_t plen[PMAX];
static size_t npkts;
static uint8_t file[64 * 1024];
static size_t file_size;
static char dir[64];
static struct diode_rx rx;
static char logbuf[65536];
static FILE *logf;

/* Every packet of one carousel round for file[0..size), like diode-send makes them. */
static void make_packets(size_t size, uint64_t id, const char *name, const struct diode_key *k, int lie_hash)
{
	struct diode_layout lay = { .transfer_id = id, .file_size = size, .symbol_size = SYM, .kmax = KMAX };
	static uint8_t padded[sizeof file + SYM], parity[OVERHEAD_M][SYM];
	uint8_t *ptrs[KMAX + OVERHEAD_M];

	memset(padded, 0, sizeof padded);
	memcpy(padded, file, size);
	crypto_generichash(lay.file_hash, DIODE_HASH_BYTES, file, size, NULL, 0);
	if (lie_hash)
		lay.file_hash[0] ^= 1;
	snprintf(lay.name, sizeof lay.name, "%s", name);
	if (diode_layout_init(&lay, NULL) < 0)
		abort();
	npkts = 0;
	for (uint32_t b = 0; b < lay.nblocks; b++) {
		unsigned kb = diode_layout_block_k(&lay, b);

		for (unsigned j = 0; j < kb; j++)
			ptrs[j] = padded + diode_layout_block_offset(&lay, b) + j * SYM;
		for (unsigned j = 0; j < OVERHEAD_M; j++)
			ptrs[kb + j] = parity[j];
		if (diode_fec_encode(kb, OVERHEAD_M, SYM, ptrs, ptrs + kb, NULL) < 0)
			abort();
		for (unsigned j = 0; j < kb + OVERHEAD_M; j++) {
			plen[npkts] = diode_packet_encode(&lay, b, kb, OVERHEAD_M, j, ptrs[j], pkts[npkts]);
			diode_tag_sign(k, pkts[npkts], plen[npkts] - DIODE_TAG_BYTES);
			npkts++;
		}
	}
}

static void random_file(size_t size)
{
	file_size = size;
	randombytes_buf(file, size);
}

static void setup(void)
{
	int fd;

	snprintf(dir, sizeof dir, "/tmp/test_diode.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		abort();
	memset(logbuf, 0, sizeof logbuf);
	logf = fmemopen(logbuf, sizeof logbuf - 1, "w");
	diode_rx_init(&rx, &key, fd, 1 << 20, 30, logf);
}

/* Names in dir, space-separated, sorted by readdir order; "" when empty. */
static const char *dir_list(void)
{
	static char out[512];
	DIR *d = opendir(dir);
	struct dirent *e;

	out[0] = '\0';
	while (d != NULL && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", out[0] ? " " : "", e->d_name);
	if (d != NULL)
		closedir(d);
	return out;
}

static void teardown(void)
{
	char cmd[128];

	diode_rx_close(&rx, "test over");
	fclose(logf);
	close(rx.dirfd);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		abort();
}

static int delivered_equals(const char *name)
{
	static uint8_t got[sizeof file + 1];
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, got, sizeof got);
	close(fd);
	return n == (ssize_t)file_size && memcmp(got, file, file_size) == 0;
}

/* One round: each packet lost with probability loss%, else delivered (and again with dup%),
 * in a random order. */
static void feed_round(unsigned loss, unsigned dup, double now)
{
	static unsigned order[PMAX];

	for (unsigned i = 0; i < npkts; i++)
		order[i] = i;
	for (unsigned i = npkts; i > 1; i--) {
		unsigned j = randombytes_uniform(i), t = order[i - 1];

		order[i - 1] = order[j];
		order[j] = t;
	}
	for (unsigned i = 0; i < npkts; i++) {
		unsigned p = order[i];

		if (randombytes_uniform(100) < loss)
			continue;
		diode_rx_packet(&rx, pkts[p], plen[p], "test", now);
		if (randombytes_uniform(100) < dup)
			diode_rx_packet(&rx, pkts[p], plen[p], "test", now);
	}
}

static void lossless_round_delivers_from_source_symbols_alone(void)
{
	random_file(20000);
	make_packets(file_size, 1, "a.bundle", &key, 0);
	setup();
	/* source symbols only: the parity packets of each block are the last OVERHEAD_M */
	for (size_t i = 0; i < npkts; i++) {
		const struct diode_hdr *h = (const void *)pkts[i];

		if (h->index < h->k)
			diode_rx_packet(&rx, pkts[i], plen[i], "test", 0);
	}
	CHECK_INT(rx.delivered, 1);
	CHECK_INT(rx.used, (20000 + SYM - 1) / SYM);
	CHECK(delivered_equals("a.bundle"));
	CHECK_STR(dir_list(), "a.bundle");
	CHECK_CONTAINS(logbuf, "delivered a.bundle: 20000 bytes");
	teardown();
}

static void random_loss_reorder_and_duplicates_deliver_the_same_file(void)
{
	for (unsigned loss = 5; loss <= 30; loss += 5) {
		unsigned rounds = 0;

		random_file(sizeof file - loss * 7); /* a partial last symbol and a short last block */
		make_packets(file_size, 100 + loss, "b.bundle", &key, 0);
		setup();
		while (rx.delivered == 0 && rounds < 20)
			feed_round(loss, 10, rounds++);
		CHECK_INT(rx.delivered, 1);
		CHECK(delivered_equals("b.bundle"));
		CHECK_STR(dir_list(), "b.bundle");
		CHECK_INT(rx.failed, 0);
		/* 23% parity: 5-15% loss needs one round, mostly */
		if (loss <= 10)
			CHECK(rounds <= 2);
		teardown();
	}
}

static void parity_only_delivers(void)
{
	random_file(KMAX * SYM * 3);
	make_packets(file_size, 7, "p.bundle", &key, 0);
	setup();
	/* lose the first OVERHEAD_M source symbols of every block: each block decodes from parity */
	for (size_t i = 0; i < npkts; i++) {
		const struct diode_hdr *h = (const void *)pkts[i];

		if (h->index >= OVERHEAD_M)
			diode_rx_packet(&rx, pkts[i], plen[i], "test", 0);
	}
	CHECK_INT(rx.delivered, 1);
	CHECK(delivered_equals("p.bundle"));
	teardown();
}

static void wrong_hash_is_refused_and_leaves_no_part_file(void)
{
	random_file(10000);
	make_packets(file_size, 2, "c.bundle", &key, 1);
	setup();
	feed_round(0, 0, 0);
	CHECK_INT(rx.delivered, 0);
	CHECK_INT(rx.failed, 1);
	CHECK_STR(dir_list(), "");
	CHECK_CONTAINS(logbuf, "the packets claim");
	CHECK_CONTAINS(logbuf, "part file removed, not delivered");
	/* the carousel goes on: the refused transfer is not assembled again */
	feed_round(0, 0, 1);
	CHECK_INT(rx.failed, 1);
	CHECK_STR(dir_list(), "");
	teardown();
}

static void wrong_key_delivers_nothing(void)
{
	random_file(10000);
	make_packets(file_size, 3, "d.bundle", &wrong_key, 0);
	setup();
	feed_round(0, 0, 0);
	CHECK_INT(rx.delivered, 0);
	CHECK_INT(rx.drops[DIODE_DROP_TAG], npkts);
	CHECK_STR(dir_list(), "");
	teardown();
}

static void drops_are_reported_at_a_bounded_rate(void)
{
	unsigned lines = 0;
	char want[80];

	random_file(10000);
	make_packets(file_size, 3, "d.bundle", &wrong_key, 0);
	setup();
	for (int r = 0; r < 10; r++)
		feed_round(0, 0, r * 0.1); /* one second of forgeries */
	diode_rx_tick(&rx, 1.0);
	diode_rx_tick(&rx, 5.0);
	fflush(logf);
	for (char *p = logbuf; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	CHECK_INT(rx.drops[DIODE_DROP_TAG], 10 * npkts);
	CHECK_INT(lines, 2); /* the first drop, and one summary 5 seconds later */
	CHECK_CONTAINS(logbuf, "tag does not verify with diode key");
	snprintf(want, sizeof want, "dropped %zu packets in the last 5s", 10 * npkts - 1);
	CHECK_CONTAINS(logbuf, want);
	teardown();
}

static void delivered_transfer_is_not_delivered_again(void)
{
	char path[128];

	random_file(10000);
	make_packets(file_size, 4, "e.bundle", &key, 0);
	setup();
	feed_round(0, 0, 0);
	CHECK_INT(rx.delivered, 1);
	snprintf(path, sizeof path, "%s/e.bundle", dir);
	CHECK(unlink(path) == 0); /* the agent took it */
	feed_round(0, 0, 1);
	feed_round(0, 0, 2);
	CHECK_INT(rx.delivered, 1);
	CHECK_STR(dir_list(), "");
	CHECK_INT(rx.after_done, 2 * npkts + (npkts - rx.used - rx.dup));
	teardown();
}

static void file_over_max_size_is_refused(void)
{
	random_file(10000);
	make_packets(file_size, 5, "f.bundle", &key, 0);
	setup();
	rx.max_size = 9999;
	feed_round(0, 0, 0);
	CHECK_INT(rx.delivered, 0);
	CHECK_INT(rx.failed, 1);
	CHECK_STR(dir_list(), "");
	CHECK_CONTAINS(logbuf, "10000 bytes is more than --max-size 9999: refused");
	teardown();
}

/* Half of a round of transfer id, so it stays incomplete. */
static void feed_half(uint64_t id, const char *name, double now)
{
	make_packets(file_size, id, name, &key, 0);
	for (size_t i = 0; i < npkts; i += 2)
		diode_rx_packet(&rx, pkts[i], plen[i], "test", now);
}

static void new_transfer_replaces_only_a_stalled_one(void)
{
	random_file(10000);
	setup();
	feed_half(10, "g.bundle", 0);
	feed_half(11, "h.bundle", 10);
	CHECK_CONTAINS(dir_list(), ".diode-000000000000000a.part");
	CHECK_CONTAINS(dir_list(), ".diode-000000000000000b.part");
	feed_half(12, "i.bundle", 20); /* both made progress less than 30 s ago */
	CHECK(rx.drops[DIODE_DROP_BUSY] > 0);
	feed_half(12, "i.bundle", 31); /* g has stalled for 31 s, h for 21 s */
	CHECK_CONTAINS(logbuf, "transfer 000000000000000a (g.bundle): no new symbol for 31s");
	CHECK(rx.active[0] && rx.active[1]);
	CHECK_INT(rx.xfer[0].lay.transfer_id + rx.xfer[1].lay.transfer_id, 11 + 12);
	teardown();
	CHECK_CONTAINS(logbuf, "part file removed");
}

static void conflicting_packet_of_a_transfer_is_dropped(void)
{
	random_file(10000);
	setup();
	feed_half(20, "j.bundle", 0);
	random_file(10001);
	feed_half(20, "j.bundle", 0);
	CHECK(rx.drops[DIODE_DROP_CONFLICT] > 0);
	CHECK_CONTAINS(logbuf, "differ from its first packet's");
	teardown();
}

static void close_removes_part_files(void)
{
	random_file(10000);
	setup();
	feed_half(30, "k.bundle", 0);
	CHECK_STR(dir_list(), ".diode-000000000000001e.part");
	diode_rx_close(&rx, "stopping on SIGTERM");
	CHECK_STR(dir_list(), "");
	CHECK_CONTAINS(logbuf, "stopping on SIGTERM, part file removed");
	teardown();
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	/* fixed keys, like signify's regression keys: the key id in messages is known */
	if (diode_key_parse("diode-key 5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a", 74, &key, NULL) < 0 ||
	    diode_key_parse("diode-key a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5", 74, &wrong_key, NULL) < 0)
		return 1;
	RUN(lossless_round_delivers_from_source_symbols_alone);
	RUN(random_loss_reorder_and_duplicates_deliver_the_same_file);
	RUN(parity_only_delivers);
	RUN(wrong_hash_is_refused_and_leaves_no_part_file);
	RUN(wrong_key_delivers_nothing);
	RUN(drops_are_reported_at_a_bounded_rate);
	RUN(delivered_transfer_is_not_delivered_again);
	RUN(file_over_max_size_is_refused);
	RUN(new_transfer_replaces_only_a_stalled_one);
	RUN(conflicting_packet_of_a_transfer_is_dropped);
	RUN(close_removes_part_files);
	return check_done();
}
