/*
 * make_seeds DIR: seed corpora for the nodecri fuzz targets, made rather than checked in.
 * DIR/fuzz_hpack: RFC 7541 Appendix C's request and response sequences in that target's format.
 * DIR/fuzz_grpc_call: answers as containerd gives them: ordinary, refused (trailers only), split
 * over CONTINUATION frames, padded, and reset.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "h2_frame.h"
#include "hpack.h"

static const char *dir;
static uint8_t out[65536];
static size_t olen;
static uint8_t blk[1024];
static size_t blen;

static void die(const char *what)
{
	fprintf(stderr, "make_seeds: %s: %s\n", what, strerror(errno));
	exit(111);
}

static void mkdir_p(const char *path)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die(path);
}

static void save(const char *target, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, target);
	mkdir_p(path);
	snprintf(path, sizeof path, "%s/%s/%s", dir, target, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(out, 1, olen, f) != olen || fclose(f) != 0)
		die(path);
	olen = 0;
}

static void put(const void *p, size_t n)
{
	if (n > sizeof out - olen) {
		errno = ENOBUFS;
		die("seed too large");
	}
	memcpy(out + olen, p, n);
	olen += n;
}

static void hex(const char *s)
{
	int hi = -1;

	for (; *s != '\0'; s++) {
		int v = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;
		uint8_t b;

		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
			continue;
		}
		b = (uint8_t)(hi << 4 | v);
		put(&b, 1);
		hi = -1;
	}
}

/* fuzz_hpack: the table size byte, then each block behind its 2-byte length */
static void hpack_seq(const char *name, uint8_t table, const char *const blocks[], size_t n)
{
	size_t i;

	put(&table, 1);
	for (i = 0; i < n; i++) {
		size_t at = olen + 2, len;

		put("\0\0", 2);
		hex(blocks[i]);
		len = olen - at;
		out[at - 2] = (uint8_t)(len >> 8);
		out[at - 1] = (uint8_t)len;
	}
	save("fuzz_hpack", name);
}

static void frame(uint8_t type, uint8_t flags, uint32_t stream, const void *p, size_t len)
{
	struct h2_frame_head h = { (uint32_t)len, type, flags, stream };
	uint8_t head[H2_FRAME_HEAD_SIZE];

	h2_frame_head_put(head, &h);
	put(head, sizeof head);
	put(p, len);
}

static void field(const char *name, const char *value)
{
	if (hpack_put_literal(blk, sizeof blk, &blen, name, value) != 0) {
		errno = ENOBUFS;
		die("header block");
	}
}

static const uint8_t answer[] = { 0, 0, 0, 0, 73, 0x0a, 71, 's', 'h', 'a', '2', '5', '6', ':',
	'3', 'f', '5', '7', 'd', '9', '4', '0', '1', 'f', '8', 'd', '4', '2', 'f', '9', '8', '6',
	'd', 'f', 'f', '1', '2', 'b', '3', 'c', 'e', '8', 'd', '3', '2', '1', '0', '7', 'a', '8',
	'8', 'd', 'b', 'd', 'a', 'a', '0', '3', '3', '3', '2', '9', 'c', '2', 'f', '0', '9', '8',
	'2', '6', '2', '8', '4', '7', 'c', 'e', '4', '5', '8', '9', 'f' };

static void server_preamble(uint8_t step)
{
	put(&step, 1);
	frame(H2_SETTINGS, 0, 0, "\x00\x05\x00\x00\x40\x00\x00\x06\x00\x00\x40\x00", 12);
	frame(H2_WINDOW_UPDATE, 0, 0, "\x00\x00\x00\x0f", 4);
	frame(H2_SETTINGS, H2_FLAG_ACK, 0, "", 0);
	frame(H2_PING, 0, 0, "\x00\x00\x00\x00\x00\x00\x00\x00", 8);
}

static void response_headers(uint8_t flags)
{
	blen = 0;
	blk[blen++] = 0x88;	/* :status 200 */
	field("content-type", "application/grpc");
	if (flags & H2_FLAG_END_STREAM) {
		field("grpc-status", "2");
		field("grpc-message", "failed to pull and unpack image %22docker.io/library/x:1%22: not found");
	}
	frame(H2_HEADERS, flags | H2_FLAG_END_HEADERS, 1, blk, blen);
}

static void trailers(void)
{
	blen = 0;
	field("grpc-status", "0");
	field("grpc-message", "");
	frame(H2_HEADERS, H2_FLAG_END_STREAM | H2_FLAG_END_HEADERS, 1, blk, blen);
}

int main(int argc, char **argv)
{
	static const char *const c3[] = {
		"8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
		"8286 84be 5808 6e6f 2d63 6163 6865",
		"8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
	};
	static const char *const c4[] = {
		"8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
		"8286 84be 5886 a8eb 1064 9cbf",
		"8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
	};
	static const char *const c5[] = {
		"4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
		"2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70"
		"6c65 2e63 6f6d",
		"4803 3330 37c1 c0bf",
		"88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d"
		"54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049"
		"5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e"
		"3d31",
	};
	static const char *const c6[] = {
		"4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
		"2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
		"4883 640e ffc1 c0bf",
		"88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab"
		"77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f"
		"9587 3160 65c0 03ed 4ee5 b106 3d50 07",
	};
	uint8_t padded[1 + sizeof answer + 16];

	if (argc != 2) {
		fprintf(stderr, "usage: make_seeds DIR\n");
		return 100;
	}
	dir = argv[1];
	mkdir_p(dir);
	hpack_seq("c3", 0xff, c3, 3);
	hpack_seq("c4", 0xff, c4, 3);
	hpack_seq("c5", 16, c5, 3);	/* a 256-byte table: evictions */
	hpack_seq("c6", 16, c6, 3);
	hpack_seq("size-update", 0xff, (const char *const[]){ "20 3fe1 1f 82", "3f01 be" }, 2);

	server_preamble(0);
	response_headers(0);
	frame(H2_DATA, 0, 1, answer, sizeof answer);
	trailers();
	save("fuzz_grpc_call", "ordinary");

	server_preamble(7);	/* fed 7 bytes at a time */
	response_headers(H2_FLAG_END_STREAM);
	save("fuzz_grpc_call", "refused");

	server_preamble(0);
	blen = 0;
	blk[blen++] = 0x88;
	field("content-type", "application/grpc");
	frame(H2_HEADERS, 0, 1, blk, 5);
	frame(H2_CONTINUATION, H2_FLAG_END_HEADERS, 1, blk + 5, blen - 5);
	padded[0] = 16;
	memcpy(padded + 1, answer, sizeof answer);
	memset(padded + 1 + sizeof answer, 0, 16);
	frame(H2_DATA, H2_FLAG_PADDED, 1, padded, sizeof padded);
	trailers();
	save("fuzz_grpc_call", "continuation-padded");

	server_preamble(1);
	response_headers(0);
	frame(H2_RST_STREAM, 0, 1, "\x00\x00\x00\x02", 4);
	save("fuzz_grpc_call", "reset");

	server_preamble(0);
	frame(H2_GOAWAY, 0, 0, "\x00\x00\x00\x00\x00\x00\x00\x0btoo_many_pings", 22);
	save("fuzz_grpc_call", "goaway");
	return 0;
}
