/*
 * hpack_decode on any bytes. Byte 0 picks SETTINGS_HEADER_TABLE_SIZE (n * 16, 0xff for 4096);
 * then blocks, each behind a 2-byte big-endian length, share one decoder as a connection's blocks
 * do, until one is refused. Each block sits in a buffer of exactly its length, so ASan sees any
 * read past it. The table's bookkeeping must hold after every block, and every field decoded must
 * come back the same through the client's literal encoder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz_assert.h"
#include "hpack.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct hpack_decoder d, again;
static uint8_t enc[2 * HPACK_STRING_MAX + 16];

struct field_copy {
	const char *name, *value;
	size_t nlen, vlen;
	int seen;
};

static int same_field(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen)
{
	struct field_copy *f = ctx;

	FUZZ_ASSERT(!f->seen && nlen == f->nlen && vlen == f->vlen);
	FUZZ_ASSERT(memcmp(name, f->name, nlen) == 0 && memcmp(value, f->value, vlen) == 0);
	f->seen = 1;
	return 0;
}

static int check_field(void *ctx, const char *name, size_t nlen, const char *value, size_t vlen)
{
	char n[HPACK_STRING_MAX + 1], v[HPACK_STRING_MAX + 1];
	struct field_copy f = { n, v, nlen, vlen, 0 };
	size_t len = 0;

	(void)ctx;
	FUZZ_ASSERT(nlen <= HPACK_STRING_MAX && vlen <= HPACK_STRING_MAX);
	memcpy(n, name, nlen);
	memcpy(v, value, vlen);
	n[nlen] = '\0';
	v[vlen] = '\0';
	/* the encoder takes C strings: only fields without NUL bytes go round */
	if (strlen(n) != nlen || strlen(v) != vlen)
		return 0;
	FUZZ_ASSERT(hpack_put_literal(enc, sizeof enc, &len, n, v) == 0);
	hpack_decoder_init(&again, HPACK_TABLE_MAX);
	FUZZ_ASSERT(hpack_decode(&again, enc, len, same_field, &f) == 0 && f.seen);
	FUZZ_ASSERT(again.n == 0);	/* literals without indexing leave the table alone */
	return 0;
}

static void check_table(void)
{
	size_t off = 0;
	unsigned i;

	FUZZ_ASSERT(d.limit <= HPACK_TABLE_MAX && d.max <= d.limit && d.size <= d.max);
	FUZZ_ASSERT(d.n <= HPACK_ENTRIES_MAX);
	FUZZ_ASSERT(d.size == d.used + HPACK_ENTRY_OVERHEAD * d.n);
	for (i = 0; i < d.n; i++) {
		FUZZ_ASSERT(d.ent[i].off == off);
		off += d.ent[i].nlen + d.ent[i].vlen;
	}
	FUZZ_ASSERT(off == d.used && d.used <= sizeof d.buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t left;
	const uint8_t *p;

	if (size < 1)
		return 0;
	hpack_decoder_init(&d, data[0] == 0xff ? HPACK_TABLE_MAX : (size_t)data[0] * 16);
	p = data + 1;
	left = size - 1;
	while (left >= 2) {
		size_t n = (size_t)p[0] << 8 | p[1];
		uint8_t *block;
		int rc;

		p += 2;
		left -= 2;
		if (n > left)
			n = left;
		block = malloc(n > 0 ? n : 1);
		FUZZ_ASSERT(block != NULL);
		memcpy(block, p, n);
		rc = hpack_decode(&d, block, n, check_field, NULL);
		free(block);
		check_table();
		if (rc != 0) {
			FUZZ_ASSERT(rc == -1 && d.why != NULL && d.why[0] != '\0');
			break;	/* a refused block ends the connection */
		}
		p += n;
		left -= n;
	}
	return 0;
}
