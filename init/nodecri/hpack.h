/*
 * HPACK (RFC 7541): the decoder a client needs for a server's header blocks (static and dynamic
 * table, every representation, Huffman strings), and the one form the client sends: literal
 * fields without indexing and without Huffman, which need no table on either side.
 * The decoder is a fixed-size struct: nothing is allocated, every length is checked.
 */
#ifndef NODECRI_HPACK_H
#define NODECRI_HPACK_H

#include <stddef.h>
#include <stdint.h>

/* SETTINGS_HEADER_TABLE_SIZE's initial value; the client never advertises more */
#define HPACK_TABLE_MAX 4096
#define HPACK_ENTRY_OVERHEAD 32		/* RFC 7541 4.1: an entry's size is name + value + 32 */
#define HPACK_ENTRIES_MAX (HPACK_TABLE_MAX / HPACK_ENTRY_OVERHEAD)
/* one decoded name or value: no longer than the header list the client advertises */
#define HPACK_STRING_MAX 16384
/* integers beyond any length or index a bounded block can hold are refused, not wrapped */
#define HPACK_INT_MAX ((1u << 28) - 1)
#define HPACK_STATIC_ENTRIES 61

struct hpack_entry {
	uint16_t off;			/* of the name in buf; the value follows it */
	uint16_t nlen, vlen;
};

struct hpack_decoder {
	char buf[HPACK_TABLE_MAX];	/* names and values, oldest entry first */
	struct hpack_entry ent[HPACK_ENTRIES_MAX];	/* ent[0] the oldest */
	unsigned n;			/* entries */
	size_t used;			/* bytes of buf in use */
	size_t size;			/* RFC 7541 size: used + 32 * n */
	size_t max;			/* the size the encoder chose, up to limit */
	size_t limit;			/* SETTINGS_HEADER_TABLE_SIZE */
	char name[HPACK_STRING_MAX];	/* the field being decoded */
	char value[HPACK_STRING_MAX];
	const char *why;		/* after a -1: what was wrong */
};

/* One decoded field. 0 to go on; anything else stops hpack_decode, which returns 1. */
typedef int (*hpack_field_fn)(void *ctx, const char *name, size_t nlen, const char *value,
			      size_t vlen);

/* limit: the SETTINGS_HEADER_TABLE_SIZE in force, at most HPACK_TABLE_MAX. */
void hpack_decoder_init(struct hpack_decoder *d, size_t limit);

/*
 * Decodes one complete header block, calling fn for each field in order. 0 when done, -1 on a
 * decoding error (d->why), 1 if fn stopped it. After -1 or 1 the table may be out of step with
 * the encoder's: the connection is unusable (RFC 7541 calls it a connection error).
 */
int hpack_decode(struct hpack_decoder *d, const uint8_t *block, size_t len, hpack_field_fn fn,
		 void *ctx) __attribute__((warn_unused_result));

/*
 * RFC 7541 5.1: the integer with a prefix of prefix_bits (1..8) at *p, no further than end;
 * advances *p. -1 with *why when truncated or above HPACK_INT_MAX.
 */
int hpack_int_decode(const uint8_t **p, const uint8_t *end, unsigned prefix_bits, uint32_t *v,
		     const char **why) __attribute__((warn_unused_result));

/* v with prefix_bits, the first byte's other bits from first. Bytes written, 0 if no room. */
size_t hpack_int_encode(uint8_t *out, size_t cap, uint8_t first, unsigned prefix_bits, uint32_t v);

/*
 * Appends name: value as a literal field without indexing, new name, no Huffman (RFC 7541
 * 6.2.2) at out + *len. -1 if it does not fit in cap.
 */
int hpack_put_literal(uint8_t *out, size_t cap, size_t *len, const char *name, const char *value)
	__attribute__((warn_unused_result));

#endif
