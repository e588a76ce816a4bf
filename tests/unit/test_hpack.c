/*
 * HPACK: RFC 7541 Appendix C's examples (integers, fields, request and response sequences with
 * and without Huffman, evictions), the literal encoder the client sends with, and malformed
 * blocks, each of which must be refused with a reason and never read past its end.
 */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "hpack.h"
#include "hpack_huffman.h"

static struct hpack_decoder d;
static uint8_t bin[4096];
static char got[8192];

/* "8286 8441 ..." into bin; the length. */
static size_t unhex(const char *s)
{
	size_t n = 0;
	int hi = -1;

	for (; *s != '\0'; s++) {
		int v = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;

		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			bin[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

/* Each field as "name: value\n", appended to got. */
static int collect(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen)
{
	size_t at = strlen(got);

	(void)ctx;
	snprintf(got + at, sizeof got - at, "%.*s: %.*s\n", (int)nlen, name, (int)vlen, value);
	return 0;
}

/* Decodes hex into got; hpack_decode's result. */
static int decode(const char *hex)
{
	size_t n = unhex(hex);

	got[0] = '\0';
	return hpack_decode(&d, bin, n, collect, NULL);
}

/* The dynamic table, newest first, as "name: value\n" (as the RFC's examples list it). */
static const char *table(void)
{
	static char t[8192];
	unsigned i;

	t[0] = '\0';
	for (i = d.n; i > 0; i--) {
		const struct hpack_entry *e = &d.ent[i - 1];
		size_t at = strlen(t);

		snprintf(t + at, sizeof t - at, "%.*s: %.*s\n", (int)e->nlen, d.buf + e->off,
			 (int)e->vlen, d.buf + e->off + e->nlen);
	}
	return t;
}

static void integers_c1(void)
{
	const uint8_t *p;
	const char *why = NULL;
	uint8_t out[8];
	uint32_t v;
	size_t n;

	/* C.1.1: 10 with a 5-bit prefix; C.1.2: 1337 with a 5-bit prefix; C.1.3: 42 at a boundary */
	n = unhex("0a");
	p = bin;
	CHECK(hpack_int_decode(&p, bin + n, 5, &v, &why) == 0);
	CHECK_INT(v, 10);
	n = unhex("1f9a0a");
	p = bin;
	CHECK(hpack_int_decode(&p, bin + n, 5, &v, &why) == 0);
	CHECK_INT(v, 1337);
	CHECK_INT(p - bin, 3);
	n = unhex("2a");
	p = bin;
	CHECK(hpack_int_decode(&p, bin + n, 8, &v, &why) == 0);
	CHECK_INT(v, 42);

	CHECK_INT(hpack_int_encode(out, sizeof out, 0x00, 5, 10), 1);
	CHECK_INT(out[0], 0x0a);
	CHECK_INT(hpack_int_encode(out, sizeof out, 0xe0, 5, 1337), 3);
	CHECK(out[0] == 0xff && out[1] == 0x9a && out[2] == 0x0a);	/* top bits kept from first */
	CHECK_INT(hpack_int_encode(out, sizeof out, 0x00, 8, 42), 1);
	CHECK_INT(hpack_int_encode(out, sizeof out, 0x00, 7, 127), 2);	/* exactly the prefix max */
	CHECK(out[0] == 0x7f && out[1] == 0x00);
	CHECK_INT(hpack_int_encode(out, 2, 0x00, 5, 1337), 0);		/* no room: 0, not a cut */
}

static void integers_cut_short_or_too_large_are_refused(void)
{
	const uint8_t *p;
	const char *why = NULL;
	uint32_t v;
	size_t n;

	n = unhex("1f");
	p = bin;
	CHECK(hpack_int_decode(&p, bin + n, 5, &v, &why) < 0);
	CHECK_CONTAINS(why, "cut short");
	n = unhex("1f9a");
	p = bin;
	CHECK(hpack_int_decode(&p, bin + n, 5, &v, &why) < 0);
	CHECK_CONTAINS(why, "cut short");
	p = bin;
	CHECK(hpack_int_decode(&p, bin, 5, &v, &why) < 0);	/* nothing at all */
	/* 2^28 + 30: four continuation bytes, value just past the limit */
	n = unhex("1f ff ff ff 7f");
	p = bin;
	CHECK(hpack_int_decode(&p, bin + n, 5, &v, &why) < 0);
	CHECK_CONTAINS(why, "too large");
	/* five continuation bytes could overflow 32 bits: refused whatever their value */
	n = unhex("1f 80 80 80 80 01");
	p = bin;
	CHECK(hpack_int_decode(&p, bin + n, 5, &v, &why) < 0);
	CHECK_CONTAINS(why, "too large");
	n = unhex("ff ff ff ff ff ff ff ff ff 0f");
	p = bin;
	CHECK(hpack_int_decode(&p, bin + n, 7, &v, &why) < 0);
	/* the largest accepted */
	n = unhex("1f e0 ff ff 7f");
	p = bin;
	CHECK(hpack_int_decode(&p, bin + n, 5, &v, &why) == 0);
	CHECK_INT(v, HPACK_INT_MAX);
}

static void fields_c2(void)
{
	hpack_decoder_init(&d, 4096);
	/* C.2.1 literal with indexing */
	CHECK_INT(decode("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"), 0);
	CHECK_STR(got, "custom-key: custom-header\n");
	CHECK_INT(d.size, 55);
	CHECK_STR(table(), "custom-key: custom-header\n");

	/* C.2.2 without indexing, C.2.3 never indexed: the table is left alone */
	hpack_decoder_init(&d, 4096);
	CHECK_INT(decode("040c 2f73 616d 706c 652f 7061 7468"), 0);
	CHECK_STR(got, ":path: /sample/path\n");
	CHECK_INT(decode("1008 7061 7373 776f 7264 0673 6563 7265 74"), 0);
	CHECK_STR(got, "password: secret\n");
	CHECK_INT(d.size, 0);
	CHECK_INT(d.n, 0);

	/* C.2.4 indexed */
	CHECK_INT(decode("82"), 0);
	CHECK_STR(got, ":method: GET\n");
}

static void requests_c3_without_huffman(void)
{
	hpack_decoder_init(&d, 4096);
	CHECK_INT(decode("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"), 0);
	CHECK_STR(got, ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\n");
	CHECK_STR(table(), ":authority: www.example.com\n");
	CHECK_INT(d.size, 57);

	CHECK_INT(decode("8286 84be 5808 6e6f 2d63 6163 6865"), 0);
	CHECK_STR(got, ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\n"
		       "cache-control: no-cache\n");
	CHECK_STR(table(), "cache-control: no-cache\n:authority: www.example.com\n");
	CHECK_INT(d.size, 110);

	CHECK_INT(decode("8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"),
		  0);
	CHECK_STR(got, ":method: GET\n:scheme: https\n:path: /index.html\n:authority: www.example.com\n"
		       "custom-key: custom-value\n");
	CHECK_STR(table(), "custom-key: custom-value\ncache-control: no-cache\n"
			   ":authority: www.example.com\n");
	CHECK_INT(d.size, 164);
}

static void requests_c4_with_huffman(void)
{
	hpack_decoder_init(&d, 4096);
	CHECK_INT(decode("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"), 0);
	CHECK_STR(got, ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\n");
	CHECK_INT(d.size, 57);

	CHECK_INT(decode("8286 84be 5886 a8eb 1064 9cbf"), 0);
	CHECK_STR(got, ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\n"
		       "cache-control: no-cache\n");
	CHECK_INT(d.size, 110);

	CHECK_INT(decode("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"), 0);
	CHECK_STR(got, ":method: GET\n:scheme: https\n:path: /index.html\n:authority: www.example.com\n"
		       "custom-key: custom-value\n");
	CHECK_STR(table(), "custom-key: custom-value\ncache-control: no-cache\n"
			   ":authority: www.example.com\n");
	CHECK_INT(d.size, 164);
}

static const char resp1[] = ":status: 302\ncache-control: private\n"
			    "date: Mon, 21 Oct 2013 20:13:21 GMT\nlocation: https://www.example.com\n";
static const char resp2[] = ":status: 307\ncache-control: private\n"
			    "date: Mon, 21 Oct 2013 20:13:21 GMT\nlocation: https://www.example.com\n";
static const char resp3[] = ":status: 200\ncache-control: private\n"
			    "date: Mon, 21 Oct 2013 20:13:22 GMT\nlocation: https://www.example.com\n"
			    "content-encoding: gzip\n"
			    "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1\n";
static const char table1[] = "location: https://www.example.com\n"
			     "date: Mon, 21 Oct 2013 20:13:21 GMT\ncache-control: private\n"
			     ":status: 302\n";
/* the second response evicts :status 302 to make room for :status 307 */
static const char table2[] = ":status: 307\nlocation: https://www.example.com\n"
			     "date: Mon, 21 Oct 2013 20:13:21 GMT\ncache-control: private\n";
/* the third evicts every earlier entry: only the three it added are left */
static const char table3[] = "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1\n"
			     "content-encoding: gzip\ndate: Mon, 21 Oct 2013 20:13:22 GMT\n";

static void responses_c5_evict_in_a_256_byte_table(void)
{
	hpack_decoder_init(&d, 256);
	CHECK_INT(decode("4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
			 "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70"
			 "6c65 2e63 6f6d"), 0);
	CHECK_STR(got, resp1);
	CHECK_STR(table(), table1);
	CHECK_INT(d.size, 222);

	CHECK_INT(decode("4803 3330 37c1 c0bf"), 0);
	CHECK_STR(got, resp2);
	CHECK_STR(table(), table2);
	CHECK_INT(d.size, 222);

	CHECK_INT(decode("88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d"
			 "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049"
			 "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e"
			 "3d31"), 0);
	CHECK_STR(got, resp3);
	CHECK_STR(table(), table3);
	CHECK_INT(d.size, 215);
}

static void responses_c6_with_huffman_evict_the_same(void)
{
	hpack_decoder_init(&d, 256);
	CHECK_INT(decode("4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
			 "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3"), 0);
	CHECK_STR(got, resp1);
	CHECK_STR(table(), table1);
	CHECK_INT(d.size, 222);

	CHECK_INT(decode("4883 640e ffc1 c0bf"), 0);
	CHECK_STR(got, resp2);
	CHECK_STR(table(), table2);

	CHECK_INT(decode("88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab"
			 "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f"
			 "9587 3160 65c0 03ed 4ee5 b106 3d50 07"), 0);
	CHECK_STR(got, resp3);
	CHECK_STR(table(), table3);
	CHECK_INT(d.size, 215);
}

static void table_size_updates_shrink_and_are_bounded(void)
{
	hpack_decoder_init(&d, 4096);
	CHECK_INT(decode("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"), 0);
	CHECK_INT(d.n, 1);
	/* to 0 (evicts everything), back to 4096, then a field: allowed at a block's start */
	CHECK_INT(decode("20 3fe1 1f 82"), 0);
	CHECK_STR(got, ":method: GET\n");
	CHECK_INT(d.n, 0);
	CHECK_INT(d.max, 4096);
	/* above SETTINGS_HEADER_TABLE_SIZE */
	CHECK_INT(decode("3fe2 1f"), -1);
	CHECK_CONTAINS(d.why, "above SETTINGS_HEADER_TABLE_SIZE");
	/* after a field */
	CHECK_INT(decode("82 20"), -1);
	CHECK_CONTAINS(d.why, "after a field");
}

static void an_entry_larger_than_the_table_empties_it(void)
{
	hpack_decoder_init(&d, 64);
	CHECK_INT(decode("4001 61 01 62"), 0);	/* a: b, size 34 */
	CHECK_INT(d.n, 1);
	/* name 16 + value 17 + 32 = 65 > 64: not added, and the table is emptied */
	CHECK_INT(decode("4010 3030 3030 3030 3030 3030 3030 3030 3030 1131 3131 3131 3131 3131 3131 3131"
			 "3131 3131"), 0);
	CHECK_INT(d.n, 0);
	CHECK_INT(d.size, 0);
	CHECK_STR(got, "0000000000000000: 11111111111111111\n");
}

static void a_name_from_the_entry_it_evicts_survives(void)
{
	/* RFC 7541 4.4: the new entry's name is the entry that must go to make room for it */
	hpack_decoder_init(&d, 70);
	CHECK_INT(decode("4004 6e61 6d65 0576 616c 7565"), 0);	/* name: value, 41 */
	CHECK_INT(decode("7e 06 6f74 6865 7273"), 0);		/* name (index 62): others */
	CHECK_STR(got, "name: others\n");
	CHECK_STR(table(), "name: others\n");
	CHECK_INT(d.size, 42);
}

static void indexes_out_of_range_are_refused(void)
{
	hpack_decoder_init(&d, 4096);
	CHECK_INT(decode("80"), -1);			/* index 0 */
	CHECK_CONTAINS(d.why, "index 0");
	CHECK_INT(decode("be"), -1);			/* 62 with an empty dynamic table */
	CHECK_CONTAINS(d.why, "beyond");
	CHECK_INT(decode("bd"), 0);			/* 61, the static table's last */
	CHECK_STR(got, "www-authenticate: \n");
	CHECK_INT(decode("7f00 0161"), -1);		/* literal with indexed name 63 */
	CHECK_INT(decode("0f ff ff ff 7f"), -1);	/* a huge name index: integer too large */
	CHECK_INT(decode("4001 61 01 62"), 0);
	CHECK_INT(decode("be"), 0);
	CHECK_STR(got, "a: b\n");
	CHECK_INT(decode("bf"), -1);
}

static void strings_past_the_block_or_the_limit_are_refused(void)
{
	uint8_t big[HPACK_STRING_MAX + 16];
	size_t n = 0;

	hpack_decoder_init(&d, 4096);
	CHECK_INT(decode("0003 6162"), -1);		/* name of 3, 2 given */
	CHECK_CONTAINS(d.why, "past the end");
	CHECK_INT(decode("0001 61"), -1);		/* no value at all */
	CHECK_CONTAINS(d.why, "cut short");
	CHECK_INT(decode("0001 6101"), -1);		/* value of 1, none given */
	CHECK_INT(decode("00"), -1);
	CHECK_INT(decode("40"), -1);
	CHECK_INT(decode("0001 617f"), -1);		/* value length's integer cut short */

	/* a raw value one byte above HPACK_STRING_MAX */
	big[n++] = 0x00;
	big[n++] = 0x01;
	big[n++] = 'a';
	n += hpack_int_encode(big + n, sizeof big - n, 0x00, 7, HPACK_STRING_MAX + 1);
	memset(big + n, 'x', HPACK_STRING_MAX + 1);
	CHECK_INT(hpack_decode(&d, big, n + HPACK_STRING_MAX + 1, collect, NULL), -1);
	CHECK_CONTAINS(d.why, "longer than the limit");
}

static void huffman_errors_are_refused(void)
{
	hpack_decoder_init(&d, 4096);
	/* 'a' is 00011: 0x1f then 0xff is 'a' and 11 bits of ones, more than 7 of padding */
	CHECK_INT(decode("0001 61 82 1fff"), -1);
	CHECK_CONTAINS(d.why, "longer than 7 bits");
	/* 'a' then 000: padding of zeros */
	CHECK_INT(decode("0001 61 81 18"), -1);
	CHECK_CONTAINS(d.why, "not all ones");
	/* EOS itself (30 ones) then 2 bits of padding */
	CHECK_INT(decode("0001 61 84 ffff ffff"), -1);
	CHECK_CONTAINS(d.why, "EOS");
	/* well formed for contrast: 'a' and 3 bits of ones */
	CHECK_INT(decode("0001 61 81 1f"), 0);
	CHECK_STR(got, "a: a\n");
	/* an empty Huffman string is an empty string */
	CHECK_INT(decode("0001 61 80"), 0);
	CHECK_STR(got, "a: \n");
}

static void huffman_longer_than_the_limit_is_refused(void)
{
	char out[4];
	const char *why = NULL;
	size_t n;

	/* "www.example.com" does not fit in 4 bytes */
	n = unhex("f1e3 c2e5 f23a 6ba0 ab90 f4ff");
	CHECK(hpack_huffman_decode(bin, n, out, sizeof out, &n, &why) < 0);
	CHECK_CONTAINS(why, "longer than the limit");
}

/* Every symbol of Appendix B, alone with its padding, decodes back to itself; EOS is refused. */
static void huffman_table_round_trips_every_symbol(void)
{
	unsigned sym;

	for (sym = 0; sym < HPACK_HUFFMAN_SYMBOLS; sym++) {
		const struct hpack_huffman_code *h = &hpack_huffman_table[sym];
		unsigned bits = h->bits, pad = (8 - bits % 8) % 8, nbytes = (bits + pad) / 8, i;
		uint64_t v = ((uint64_t)h->code << pad) | ((1u << pad) - 1);
		uint8_t in[8];
		char out[2];
		const char *why = NULL;
		size_t n = 0;
		int rc;

		CHECK(bits >= 5 && bits <= HPACK_HUFFMAN_BITS_MAX && h->code < (1u << bits));
		for (i = 0; i < nbytes; i++)
			in[i] = (uint8_t)(v >> (8 * (nbytes - 1 - i)));
		rc = hpack_huffman_decode(in, nbytes, out, sizeof out, &n, &why);
		if (sym == HPACK_HUFFMAN_EOS) {
			CHECK(rc < 0);
		} else {
			CHECK(rc == 0);
			CHECK_INT(n, 1);
			CHECK_INT((unsigned char)out[0], sym);
		}
	}
}

/* The Huffman code is complete: the Kraft sum of all 257 lengths is exactly 1. */
static void huffman_table_is_a_complete_prefix_code(void)
{
	uint64_t sum = 0;
	unsigned sym;

	for (sym = 0; sym < HPACK_HUFFMAN_SYMBOLS; sym++)
		sum += 1ull << (HPACK_HUFFMAN_BITS_MAX - hpack_huffman_table[sym].bits);
	CHECK(sum == 1ull << HPACK_HUFFMAN_BITS_MAX);
}

static void literals_the_client_sends_decode_back(void)
{
	uint8_t out[64];
	size_t n = 0;
	char longv[200];

	CHECK(hpack_put_literal(out, sizeof out, &n, ":path", "/sample/path") == 0);
	/* C.2.2's field but with a new name: 00, name, value, nothing Huffman */
	CHECK_INT(n, 1 + 1 + 5 + 1 + 12);
	CHECK(memcmp(out, "\x00\x05:path\x0c/sample/path", n) == 0);
	hpack_decoder_init(&d, 4096);
	got[0] = '\0';
	CHECK_INT(hpack_decode(&d, out, n, collect, NULL), 0);
	CHECK_STR(got, ":path: /sample/path\n");
	CHECK_INT(d.n, 0);

	/* a value needing a two-byte length, and one that does not fit */
	memset(longv, 'v', sizeof longv - 1);
	longv[sizeof longv - 1] = '\0';
	n = 0;
	CHECK(hpack_put_literal(out, sizeof out, &n, "k", longv) < 0);
	CHECK_INT(n, 0);
	{
		static uint8_t wide[512];
		size_t wn = 0;

		CHECK(hpack_put_literal(wide, sizeof wide, &wn, "k", longv) == 0);
		CHECK_INT(wn, 1 + 1 + 1 + 2 + 199);
		got[0] = '\0';
		CHECK_INT(hpack_decode(&d, wide, wn, collect, NULL), 0);
		CHECK_INT(strlen(got), 1 + 2 + 199 + 1);
	}
}

static int stop_at_first(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen)
{
	(void)name;
	(void)nlen;
	(void)value;
	(void)vlen;
	(*(int *)ctx)++;
	return 1;
}

static void a_callback_can_stop_decoding(void)
{
	int calls = 0;
	size_t n = unhex("8286 84");

	hpack_decoder_init(&d, 4096);
	CHECK_INT(hpack_decode(&d, bin, n, stop_at_first, &calls), 1);
	CHECK_INT(calls, 1);
}

static void every_truncation_of_c6_is_safe(void)
{
	static const char *c61 = "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81"
				 "66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3";
	size_t full = unhex(c61), n;

	/* each prefix in a buffer of exactly its length: ASan sees any read past it */
	for (n = 0; n < full; n++) {
		uint8_t *cut = malloc(n + 1);
		int rc;

		CHECK(cut != NULL);
		memcpy(cut, bin, n);
		hpack_decoder_init(&d, 256);
		got[0] = '\0';
		rc = hpack_decode(&d, cut, n, collect, NULL);
		free(cut);
		CHECK(rc == 0 || rc == -1);
		CHECK(d.size <= 256);
	}
}

int main(void)
{
	RUN(integers_c1);
	RUN(integers_cut_short_or_too_large_are_refused);
	RUN(fields_c2);
	RUN(requests_c3_without_huffman);
	RUN(requests_c4_with_huffman);
	RUN(responses_c5_evict_in_a_256_byte_table);
	RUN(responses_c6_with_huffman_evict_the_same);
	RUN(table_size_updates_shrink_and_are_bounded);
	RUN(an_entry_larger_than_the_table_empties_it);
	RUN(a_name_from_the_entry_it_evicts_survives);
	RUN(indexes_out_of_range_are_refused);
	RUN(strings_past_the_block_or_the_limit_are_refused);
	RUN(huffman_errors_are_refused);
	RUN(huffman_longer_than_the_limit_is_refused);
	RUN(huffman_table_round_trips_every_symbol);
	RUN(huffman_table_is_a_complete_prefix_code);
	RUN(literals_the_client_sends_decode_back);
	RUN(a_callback_can_stop_decoding);
	RUN(every_truncation_of_c6_is_safe);
	return check_done();
}
