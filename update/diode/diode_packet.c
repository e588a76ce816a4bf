/* Packet encoding and the bounded parser: nothing in a datagram is used before it is checked here. */
#include <string.h>

#include "diode_be.h"
#include "diode_packet.h"

_Static_assert(sizeof(struct diode_hdr) == 128, "diode_hdr is the 128-byte wire header");

int diode_layout_init(struct diode_layout *lay, struct diode_err *err)
{
	uint64_t symbols, blocks;

	if (lay->symbol_size < DIODE_SYMBOL_MIN || lay->symbol_size > DIODE_SYMBOL_MAX)
		return diode_fail(err, "symbol size %u is outside %u..%u", lay->symbol_size,
				  DIODE_SYMBOL_MIN, DIODE_SYMBOL_MAX);
	if (lay->kmax < 1 || lay->kmax > DIODE_N_MAX)
		return diode_fail(err, "block of %u source symbols is outside 1..%u", lay->kmax, DIODE_N_MAX);
	if (lay->file_size < 1 || lay->file_size > DIODE_SIZE_MAX)
		return diode_fail(err, "file size %llu is outside 1..%llu",
				  (unsigned long long)lay->file_size, (unsigned long long)DIODE_SIZE_MAX);
	symbols = (lay->file_size + lay->symbol_size - 1) / lay->symbol_size;
	blocks = (symbols + lay->kmax - 1) / lay->kmax;
	if (blocks > DIODE_BLOCKS_MAX)
		return diode_fail(err, "file of %llu bytes needs %llu blocks of %u x %u bytes, more than %u",
				  (unsigned long long)lay->file_size, (unsigned long long)blocks, lay->kmax,
				  lay->symbol_size, DIODE_BLOCKS_MAX);
	lay->nblocks = (uint32_t)blocks;
	return 0;
}

unsigned diode_layout_block_k(const struct diode_layout *lay, uint32_t b)
{
	uint64_t symbols = (lay->file_size + lay->symbol_size - 1) / lay->symbol_size;
	uint64_t first = (uint64_t)b * lay->kmax;

	return symbols - first < lay->kmax ? (unsigned)(symbols - first) : lay->kmax;
}

uint64_t diode_layout_block_offset(const struct diode_layout *lay, uint32_t b)
{
	return (uint64_t)b * lay->kmax * lay->symbol_size;
}

static int name_char_ok(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

int diode_name_check(const char *name, struct diode_err *err)
{
	size_t n = strnlen(name, DIODE_NAME_FIELD), sl = strlen(DIODE_NAME_SUFFIX);

	if (n == 0)
		return diode_fail(err, "file name is empty");
	if (n > DIODE_NAME_MAX)
		return diode_fail(err, "file name is longer than %d bytes", DIODE_NAME_MAX);
	/* hidden names are the receiver's own part files, and the agent's watch ignores them */
	if (name[0] == '.')
		return diode_fail(err, "file name starts with '.'");
	for (size_t i = 0; i < n; i++)
		if (!name_char_ok(name[i]))
			return diode_fail(err, "file name has byte 0x%02x at %zu (only A-Z a-z 0-9 . _ -)",
					  (unsigned char)name[i], i);
	if (n <= sl || memcmp(name + n - sl, DIODE_NAME_SUFFIX, sl) != 0)
		return diode_fail(err, "file name does not end in %s", DIODE_NAME_SUFFIX);
	return 0;
}

size_t diode_packet_encode(const struct diode_layout *lay, uint32_t block, unsigned k, unsigned m,
			   unsigned index, const uint8_t *payload, uint8_t *out)
{
	struct diode_hdr *h = (struct diode_hdr *)out;
	size_t len = DIODE_HDR_BYTES + lay->symbol_size + DIODE_TAG_BYTES;

	memset(out, 0, len);
	memcpy(h->magic, DIODE_MAGIC, sizeof h->magic);
	h->version = DIODE_VERSION;
	h->k = (uint8_t)k;
	h->m = (uint8_t)m;
	h->index = (uint8_t)index;
	h->kmax = (uint8_t)lay->kmax;
	diode_be_put(h->symbol_size, 2, lay->symbol_size);
	diode_be_put(h->block, 4, block);
	diode_be_put(h->transfer_id, 8, lay->transfer_id);
	diode_be_put(h->file_size, 8, lay->file_size);
	memcpy(h->file_hash, lay->file_hash, DIODE_HASH_BYTES);
	memcpy(h->name, lay->name, strnlen(lay->name, DIODE_NAME_MAX));
	memcpy(out + DIODE_HDR_BYTES, payload, lay->symbol_size);
	return len;
}

int diode_packet_parse(const uint8_t *buf, size_t len, struct diode_packet *p, struct diode_err *err)
{
	const struct diode_hdr *h = (const struct diode_hdr *)buf;
	struct diode_err why;
	size_t want;
	size_t nl;

	if (len < DIODE_PACKET_MIN)
		return diode_fail(err, "%zu bytes is shorter than the smallest packet (%zu)", len, DIODE_PACKET_MIN);
	if (len > DIODE_PACKET_MAX)
		return diode_fail(err, "%zu bytes is longer than the largest packet (%zu)", len, DIODE_PACKET_MAX);
	if (memcmp(h->magic, DIODE_MAGIC, sizeof h->magic) != 0)
		return diode_fail(err, "no diode magic");
	if (h->version != DIODE_VERSION)
		return diode_fail(err, "version %u, want %u", h->version, DIODE_VERSION);
	if (h->reserved != 0)
		return diode_fail(err, "reserved byte is 0x%02x, want 0", h->reserved);
	memset(p, 0, sizeof *p);
	p->lay.symbol_size = (unsigned)diode_be_get(h->symbol_size, 2);
	if (p->lay.symbol_size < DIODE_SYMBOL_MIN || p->lay.symbol_size > DIODE_SYMBOL_MAX)
		return diode_fail(err, "symbol size %u is outside %u..%u", p->lay.symbol_size,
				  DIODE_SYMBOL_MIN, DIODE_SYMBOL_MAX);
	want = DIODE_HDR_BYTES + p->lay.symbol_size + DIODE_TAG_BYTES;
	if (len != want)
		return diode_fail(err, "%zu bytes, but symbol size %u makes %zu (truncated or padded)",
				  len, p->lay.symbol_size, want);
	p->k = h->k;
	p->m = h->m;
	p->index = h->index;
	p->lay.kmax = h->kmax;
	if (p->k < 1 || p->k > p->lay.kmax)
		return diode_fail(err, "k=%u is outside 1..kmax=%u", p->k, p->lay.kmax);
	if (p->k + p->m > DIODE_N_MAX)
		return diode_fail(err, "k=%u + m=%u is more than %u", p->k, p->m, DIODE_N_MAX);
	if (p->index >= p->k + p->m)
		return diode_fail(err, "symbol index %u is outside 0..%u (k=%u m=%u)", p->index,
				  p->k + p->m - 1, p->k, p->m);
	p->lay.transfer_id = diode_be_get(h->transfer_id, 8);
	p->lay.file_size = diode_be_get(h->file_size, 8);
	memcpy(p->lay.file_hash, h->file_hash, DIODE_HASH_BYTES);
	if (diode_layout_init(&p->lay, &why) < 0)
		return diode_fail(err, "layout: %s", why.msg);
	p->block = (uint32_t)diode_be_get(h->block, 4);
	if (p->block >= p->lay.nblocks)
		return diode_fail(err, "block %u is outside 0..%u", p->block, p->lay.nblocks - 1);
	if (p->k != diode_layout_block_k(&p->lay, p->block))
		return diode_fail(err, "block %u has k=%u, but the layout gives it %u", p->block, p->k,
				  diode_layout_block_k(&p->lay, p->block));
	nl = strnlen((const char *)h->name, DIODE_NAME_FIELD);
	if (nl == DIODE_NAME_FIELD)
		return diode_fail(err, "file name is not NUL-terminated within %d bytes", DIODE_NAME_FIELD);
	/* the padding is zero, so one name has one signed form */
	for (size_t i = nl; i < DIODE_NAME_FIELD; i++)
		if (h->name[i] != 0)
			return diode_fail(err, "file name padding byte %zu is not zero", i);
	memcpy(p->lay.name, h->name, DIODE_NAME_FIELD);
	if (diode_name_check(p->lay.name, &why) < 0)
		return diode_fail(err, "%s", why.msg);
	p->payload = buf + DIODE_HDR_BYTES;
	p->signed_len = DIODE_HDR_BYTES + p->lay.symbol_size;
	p->tag = buf + p->signed_len;
	return 0;
}
