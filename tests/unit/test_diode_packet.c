/* The diode's packet format: round trip, every bound the parser enforces, the keyed tag, key files. */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "check.h"
#include "diode_be.h"
#include "diode_key.h"
#include "diode_packet.h"

static struct diode_key key;
static struct diode_layout lay;
static uint8_t pkt[DIODE_PACKET_MAX + 64];
static uint8_t payload[DIODE_SYMBOL_MAX];

/* A 10-block file of 100-byte symbols, 4 per block; the last block has 2. */
static size_t fixture(uint32_t block, unsigned k, unsigned m, unsigned index)
{
	size_t len;

	memset(&lay, 0, sizeof lay);
	lay.transfer_id = 0x0123456789abcdefull;
	lay.file_size = 100 * 4 * 9 + 150;
	for (int i = 0; i < DIODE_HASH_BYTES; i++)
		lay.file_hash[i] = (uint8_t)i;
	strcpy(lay.name, "node-1.2.3.bundle");
	lay.symbol_size = 100;
	lay.kmax = 4;
	if (diode_layout_init(&lay, NULL) < 0)
		return 0;
	for (unsigned i = 0; i < sizeof payload; i++)
		payload[i] = (uint8_t)(i * 7);
	len = diode_packet_encode(&lay, block, k, m, index, payload, pkt);
	diode_tag_sign(&key, pkt, len - DIODE_TAG_BYTES);
	return len;
}

static struct diode_hdr *hdr(void)
{
	return (struct diode_hdr *)pkt;
}

static void round_trip_keeps_every_field(void)
{
	struct diode_packet p;
	struct diode_err err;
	size_t len = fixture(3, 4, 2, 5);

	CHECK_INT(len, DIODE_HDR_BYTES + 100 + DIODE_TAG_BYTES);
	CHECK_INT(lay.nblocks, 10);
	CHECK(diode_packet_parse(pkt, len, &p, &err) == 0);
	CHECK_INT(p.lay.transfer_id, 0x0123456789abcdefull);
	CHECK_INT(p.lay.file_size, lay.file_size);
	CHECK(memcmp(p.lay.file_hash, lay.file_hash, DIODE_HASH_BYTES) == 0);
	CHECK_STR(p.lay.name, "node-1.2.3.bundle");
	CHECK_INT(p.lay.symbol_size, 100);
	CHECK_INT(p.lay.kmax, 4);
	CHECK_INT(p.lay.nblocks, 10);
	CHECK_INT(p.block, 3);
	CHECK_INT(p.k, 4);
	CHECK_INT(p.m, 2);
	CHECK_INT(p.index, 5);
	CHECK(memcmp(p.payload, payload, 100) == 0);
	CHECK_INT(p.signed_len, len - DIODE_TAG_BYTES);
	CHECK(diode_tag_verify(&key, pkt, p.signed_len) == 0);
}

static void last_block_has_the_remaining_symbols(void)
{
	struct diode_packet p;
	struct diode_err err;
	size_t len = fixture(9, 2, 1, 2);

	CHECK(diode_packet_parse(pkt, len, &p, &err) == 0);
	CHECK_INT(diode_layout_block_k(&lay, 9), 2);
	CHECK_INT(diode_layout_block_offset(&lay, 9), 3600);
	len = fixture(9, 4, 1, 0);
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "layout gives it 2");
}

static void truncated_packet_is_refused(void)
{
	struct diode_packet p;
	struct diode_err err;
	size_t len = fixture(0, 4, 2, 0);

	CHECK(diode_packet_parse(pkt, len - 1, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "truncated");
	CHECK(diode_packet_parse(pkt, DIODE_PACKET_MIN - 1, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "shorter than the smallest");
	CHECK(diode_packet_parse(pkt, 0, &p, &err) < 0);
}

static void oversize_packet_is_refused(void)
{
	struct diode_packet p;
	struct diode_err err;
	size_t len = fixture(0, 4, 2, 0);

	CHECK(diode_packet_parse(pkt, len + 1, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "truncated or padded");
	CHECK(diode_packet_parse(pkt, DIODE_PACKET_MAX + 1, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "longer than the largest");
}

static void bad_magic_version_reserved_are_refused(void)
{
	struct diode_packet p;
	struct diode_err err;
	size_t len = fixture(0, 4, 2, 0);

	hdr()->magic[0] ^= 1;
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "magic");
	len = fixture(0, 4, 2, 0);
	hdr()->version = 2;
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "version 2");
	len = fixture(0, 4, 2, 0);
	hdr()->reserved = 1;
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "reserved");
}

static void symbol_size_out_of_range_is_refused(void)
{
	struct diode_packet p;
	struct diode_err err;
	size_t len = fixture(0, 4, 2, 0);

	diode_be_put(hdr()->symbol_size, 2, DIODE_SYMBOL_MIN - 1);
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "symbol size 15");
	diode_be_put(hdr()->symbol_size, 2, DIODE_SYMBOL_MAX + 1);
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "symbol size 1329");
}

static void bad_k_and_m_are_refused(void)
{
	struct diode_packet p;
	struct diode_err err;
	size_t len;

	len = fixture(0, 0, 2, 0);
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "k=0");
	len = fixture(0, 5, 2, 0);
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "k=5 is outside 1..kmax=4");
	len = fixture(0, 4, 252, 0);
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "more than 255");
	len = fixture(0, 4, 251, 254);
	CHECK(diode_packet_parse(pkt, len, &p, &err) == 0);
	len = fixture(0, 4, 2, 0);
	hdr()->kmax = 0;
	hdr()->k = 0;
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
}

static void index_out_of_range_is_refused(void)
{
	struct diode_packet p;
	struct diode_err err;
	size_t len = fixture(0, 4, 2, 6);

	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "symbol index 6 is outside 0..5");
	len = fixture(0, 4, 2, 5);
	CHECK(diode_packet_parse(pkt, len, &p, &err) == 0);
}

static void block_out_of_range_is_refused(void)
{
	struct diode_packet p;
	struct diode_err err;
	size_t len = fixture(10, 4, 2, 0);

	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "block 10 is outside 0..9");
	diode_be_put(hdr()->block, 4, 0xffffffffu);
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
}

static void file_size_out_of_range_is_refused(void)
{
	struct diode_packet p;
	struct diode_err err;
	size_t len = fixture(0, 4, 2, 0);

	diode_be_put(hdr()->file_size, 8, 0);
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "file size 0");
	/* 2^40 bytes in 100-byte symbols, 4 a block: far more blocks than the receiver tracks */
	diode_be_put(hdr()->file_size, 8, DIODE_SIZE_MAX);
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "blocks");
	diode_be_put(hdr()->file_size, 8, UINT64_MAX);
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
}

static void set_name(const char *name)
{
	memset(hdr()->name, 0, DIODE_NAME_FIELD);
	memcpy(hdr()->name, name, strlen(name));
}

static void bad_names_are_refused(void)
{
	static const struct {
		const char *name, *why;
	} bad[] = {
		{ "", "empty" },
		{ "node.tar", "does not end in .bundle" },
		{ ".bundle", "starts with '.'" },
		{ ".diode-1.part.bundle", "starts with '.'" },
		{ "../etc/x.bundle", "starts with '.'" },
		{ "a/b.bundle", "byte 0x2f" },
		{ "a b.bundle", "byte 0x20" },
		{ "a\xff.bundle", "byte 0xff" },
	};
	struct diode_packet p;
	struct diode_err err;
	size_t len = fixture(0, 4, 2, 0);

	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		set_name(bad[i].name);
		CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
		CHECK_CONTAINS(err.msg, bad[i].why);
	}
	memset(hdr()->name, 'a', DIODE_NAME_FIELD);
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "not NUL-terminated");
	set_name("ok.bundle");
	hdr()->name[40] = 'x';
	CHECK(diode_packet_parse(pkt, len, &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "padding byte 40");
	set_name("Node_1.2-3.bundle");
	CHECK(diode_packet_parse(pkt, len, &p, &err) == 0);
	memset(hdr()->name, 0, DIODE_NAME_FIELD);
	memset(hdr()->name, 'a', DIODE_NAME_MAX - 7);
	memcpy(hdr()->name + DIODE_NAME_MAX - 7, ".bundle", 7);
	CHECK(diode_packet_parse(pkt, len, &p, &err) == 0);
}

static void tag_rejects_every_single_flipped_bit(void)
{
	size_t len = fixture(2, 4, 2, 1);

	CHECK(diode_tag_verify(&key, pkt, len - DIODE_TAG_BYTES) == 0);
	for (size_t bit = 0; bit < len * 8; bit++) {
		pkt[bit / 8] ^= (uint8_t)(1u << bit % 8);
		CHECK(diode_tag_verify(&key, pkt, len - DIODE_TAG_BYTES) < 0);
		pkt[bit / 8] ^= (uint8_t)(1u << bit % 8);
	}
	CHECK(diode_tag_verify(&key, pkt, len - DIODE_TAG_BYTES) == 0);
}

static void tag_rejects_another_key(void)
{
	struct diode_key other = key;
	size_t len = fixture(2, 4, 2, 1);

	other.key[31] ^= 0x80;
	CHECK(diode_tag_verify(&other, pkt, len - DIODE_TAG_BYTES) < 0);
}

static void key_file_text_is_checked(void)
{
	static const char good[] = "diode-key 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1F\n";
	struct diode_key k;
	struct diode_err err;
	char t[200];

	CHECK(diode_key_parse(good, strlen(good), &k, &err) == 0);
	CHECK_INT(k.key[0], 0);
	CHECK_INT(k.key[31], 0x1f);
	CHECK_INT(strlen(k.id), DIODE_KEY_ID_HEX);
	CHECK(diode_key_parse(good, strlen(good) - 1, &k, &err) == 0);
	CHECK(diode_key_parse(good + 1, strlen(good) - 1, &k, &err) < 0);
	CHECK_CONTAINS(err.msg, "does not start with");
	CHECK(diode_key_parse(good, strlen(good) - 2, &k, &err) < 0);
	CHECK_CONTAINS(err.msg, "63 characters");
	snprintf(t, sizeof t, "%.*sg\n", (int)strlen(good) - 2, good);
	CHECK(diode_key_parse(t, strlen(t), &k, &err) < 0);
	snprintf(t, sizeof t, "%s\n", good);
	CHECK(diode_key_parse(t, strlen(t), &k, &err) < 0);
	memcpy(t, good, sizeof good);
	t[20] = 'z';
	CHECK(diode_key_parse(t, strlen(t), &k, &err) < 0);
	CHECK_CONTAINS(err.msg, "not a hex digit");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	randombytes_buf(key.key, sizeof key.key);
	RUN(round_trip_keeps_every_field);
	RUN(last_block_has_the_remaining_symbols);
	RUN(truncated_packet_is_refused);
	RUN(oversize_packet_is_refused);
	RUN(bad_magic_version_reserved_are_refused);
	RUN(symbol_size_out_of_range_is_refused);
	RUN(bad_k_and_m_are_refused);
	RUN(index_out_of_range_is_refused);
	RUN(block_out_of_range_is_refused);
	RUN(file_size_out_of_range_is_refused);
	RUN(bad_names_are_refused);
	RUN(tag_rejects_every_single_flipped_bit);
	RUN(tag_rejects_another_key);
	RUN(key_file_text_is_checked);
	return check_done();
}
