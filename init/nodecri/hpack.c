#include <string.h>

#include "hpack.h"
#include "hpack_huffman.h"

/* RFC 7541 Appendix A, "Static Table Definition": index 1 is static_table[0]. */
static const struct {
	const char *name, *value;
} static_table[HPACK_STATIC_ENTRIES] = {
	{ ":authority", "" }, { ":method", "GET" }, { ":method", "POST" }, { ":path", "/" },
	{ ":path", "/index.html" }, { ":scheme", "http" }, { ":scheme", "https" },
	{ ":status", "200" }, { ":status", "204" }, { ":status", "206" }, { ":status", "304" },
	{ ":status", "400" }, { ":status", "404" }, { ":status", "500" }, { "accept-charset", "" },
	{ "accept-encoding", "gzip, deflate" }, { "accept-language", "" }, { "accept-ranges", "" },
	{ "accept", "" }, { "access-control-allow-origin", "" }, { "age", "" }, { "allow", "" },
	{ "authorization", "" }, { "cache-control", "" }, { "content-disposition", "" },
	{ "content-encoding", "" }, { "content-language", "" }, { "content-length", "" },
	{ "content-location", "" }, { "content-range", "" }, { "content-type", "" },
	{ "cookie", "" }, { "date", "" }, { "etag", "" }, { "expect", "" }, { "expires", "" },
	{ "from", "" }, { "host", "" }, { "if-match", "" }, { "if-modified-since", "" },
	{ "if-none-match", "" }, { "if-range", "" }, { "if-unmodified-since", "" },
	{ "last-modified", "" }, { "link", "" }, { "location", "" }, { "max-forwards", "" },
	{ "proxy-authenticate", "" }, { "proxy-authorization", "" }, { "range", "" },
	{ "referer", "" }, { "refresh", "" }, { "retry-after", "" }, { "server", "" },
	{ "set-cookie", "" }, { "strict-transport-security", "" }, { "transfer-encoding", "" },
	{ "user-agent", "" }, { "vary", "" }, { "via", "" }, { "www-authenticate", "" },
};

void hpack_decoder_init(struct hpack_decoder *d, size_t limit)
{
	d->n = 0;
	d->used = 0;
	d->size = 0;
	d->limit = limit < HPACK_TABLE_MAX ? limit : HPACK_TABLE_MAX;
	d->max = d->limit;
	d->why = NULL;
}

int hpack_int_decode(const uint8_t **p, const uint8_t *end, unsigned prefix_bits, uint32_t *v,
		     const char **why)
{
	uint32_t mask = (1u << prefix_bits) - 1, x;
	unsigned shift = 0;
	uint8_t b;

	if (*p >= end) {
		*why = "integer cut short";
		return -1;
	}
	x = **p & mask;
	(*p)++;
	if (x < mask) {
		*v = x;
		return 0;
	}
	do {
		if (*p >= end) {
			*why = "integer cut short";
			return -1;
		}
		/* four continuation bytes reach 2^28; a fifth could overflow, so it is refused */
		if (shift > 21) {
			*why = "integer too large";
			return -1;
		}
		b = **p;
		(*p)++;
		x += (uint32_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	if (x > HPACK_INT_MAX) {
		*why = "integer too large";
		return -1;
	}
	*v = x;
	return 0;
}

size_t hpack_int_encode(uint8_t *out, size_t cap, uint8_t first, unsigned prefix_bits, uint32_t v)
{
	uint32_t mask = (1u << prefix_bits) - 1;
	size_t n = 0;

	if (cap < 1)
		return 0;
	if (v < mask) {
		out[n++] = (uint8_t)((first & ~mask) | v);
		return n;
	}
	out[n++] = (uint8_t)((first & ~mask) | mask);
	v -= mask;
	while (v >= 0x80) {
		if (n == cap)
			return 0;
		out[n++] = (uint8_t)(0x80 | (v & 0x7f));
		v >>= 7;
	}
	if (n == cap)
		return 0;
	out[n++] = (uint8_t)v;
	return n;
}

static int put_string(uint8_t *out, size_t cap, size_t *len, const char *s)
{
	size_t slen = strlen(s), k;

	if (slen > HPACK_INT_MAX)
		return -1;
	k = hpack_int_encode(out + *len, cap - *len, 0x00, 7, (uint32_t)slen);	/* H = 0: raw */
	if (k == 0 || slen > cap - *len - k)
		return -1;
	memcpy(out + *len + k, s, slen);
	*len += k + slen;
	return 0;
}

int hpack_put_literal(uint8_t *out, size_t cap, size_t *len, const char *name, const char *value)
{
	size_t start = *len;

	if (*len >= cap)
		return -1;
	out[(*len)++] = 0x00;	/* literal without indexing, new name */
	if (put_string(out, cap, len, name) < 0 || put_string(out, cap, len, value) < 0) {
		*len = start;
		return -1;
	}
	return 0;
}

static void evict_oldest(struct hpack_decoder *d)
{
	size_t gone = (size_t)d->ent[0].nlen + d->ent[0].vlen;
	unsigned i;

	memmove(d->buf, d->buf + gone, d->used - gone);
	memmove(d->ent, d->ent + 1, (d->n - 1) * sizeof d->ent[0]);
	d->n--;
	for (i = 0; i < d->n; i++)
		d->ent[i].off = (uint16_t)(d->ent[i].off - gone);
	d->used -= gone;
	d->size -= gone + HPACK_ENTRY_OVERHEAD;
}

static void evict_to(struct hpack_decoder *d, size_t max)
{
	while (d->size > max)
		evict_oldest(d);
}

/* RFC 7541 4.4: an entry larger than the table empties it and is not added. */
static void table_add(struct hpack_decoder *d, const char *name, size_t nlen, const char *value,
		      size_t vlen)
{
	size_t need = nlen + vlen + HPACK_ENTRY_OVERHEAD;
	struct hpack_entry *e;

	if (need > d->max) {
		evict_to(d, 0);
		return;
	}
	evict_to(d, d->max - need);
	/* size <= max - need keeps used + nlen + vlen below HPACK_TABLE_MAX and n below the max */
	e = &d->ent[d->n++];
	e->off = (uint16_t)d->used;
	e->nlen = (uint16_t)nlen;
	e->vlen = (uint16_t)vlen;
	memcpy(d->buf + d->used, name, nlen);
	memcpy(d->buf + d->used + nlen, value, vlen);
	d->used += nlen + vlen;
	d->size += need;
}

/* Index 1..61 is the static table, then the dynamic table newest first (RFC 7541 2.3.3). */
static int lookup(struct hpack_decoder *d, uint32_t index, const char **name, size_t *nlen,
		  const char **value, size_t *vlen)
{
	const struct hpack_entry *e;

	if (index == 0) {
		d->why = "index 0";
		return -1;
	}
	if (index <= HPACK_STATIC_ENTRIES) {
		*name = static_table[index - 1].name;
		*nlen = strlen(*name);
		*value = static_table[index - 1].value;
		*vlen = strlen(*value);
		return 0;
	}
	if (index - HPACK_STATIC_ENTRIES > d->n) {
		d->why = "index beyond the static and dynamic tables";
		return -1;
	}
	e = &d->ent[d->n - (index - HPACK_STATIC_ENTRIES)];
	*name = d->buf + e->off;
	*nlen = e->nlen;
	*value = d->buf + e->off + e->nlen;
	*vlen = e->vlen;
	return 0;
}

/* RFC 7541 5.2: a string literal at *p into dst (HPACK_STRING_MAX bytes). */
static int string_get(struct hpack_decoder *d, const uint8_t **p, const uint8_t *end, char *dst,
		      size_t *len)
{
	uint32_t n;
	int huffman;

	if (*p >= end) {
		d->why = "literal cut short";
		return -1;
	}
	huffman = (**p & 0x80) != 0;
	if (hpack_int_decode(p, end, 7, &n, &d->why) < 0)
		return -1;
	if (n > (size_t)(end - *p)) {
		d->why = "string runs past the end of the block";
		return -1;
	}
	if (huffman) {
		if (hpack_huffman_decode(*p, n, dst, HPACK_STRING_MAX, len, &d->why) < 0)
			return -1;
	} else {
		if (n > HPACK_STRING_MAX) {
			d->why = "string longer than the limit";
			return -1;
		}
		memcpy(dst, *p, n);
		*len = n;
	}
	*p += n;
	return 0;
}

/* The three literal forms (RFC 7541 6.2): index of the name or 0, then the strings. */
static int literal(struct hpack_decoder *d, const uint8_t **p, const uint8_t *end,
		   unsigned prefix_bits, int add, size_t *nlen, size_t *vlen)
{
	const char *name, *value;
	uint32_t index;
	size_t ignored;

	if (hpack_int_decode(p, end, prefix_bits, &index, &d->why) < 0)
		return -1;
	if (index == 0) {
		if (string_get(d, p, end, d->name, nlen) < 0)
			return -1;
	} else {
		/* copied: adding this field may evict the entry its name came from (RFC 7541 4.4) */
		if (lookup(d, index, &name, nlen, &value, &ignored) < 0)
			return -1;
		memcpy(d->name, name, *nlen);
	}
	if (string_get(d, p, end, d->value, vlen) < 0)
		return -1;
	if (add)
		table_add(d, d->name, *nlen, d->value, *vlen);
	return 0;
}

int hpack_decode(struct hpack_decoder *d, const uint8_t *block, size_t len, hpack_field_fn fn,
		 void *ctx)
{
	const uint8_t *p = block, *end = block + len;
	int fields = 0;

	while (p < end) {
		const char *name, *value;
		size_t nlen, vlen;
		uint8_t b = *p;
		uint32_t v;

		if (b & 0x80) {		/* 1xxxxxxx indexed field */
			if (hpack_int_decode(&p, end, 7, &v, &d->why) < 0 ||
			    lookup(d, v, &name, &nlen, &value, &vlen) < 0)
				return -1;
		} else if ((b & 0xe0) == 0x20) {	/* 001xxxxx dynamic table size update */
			/* RFC 7541 4.2: only at the start of a block */
			if (fields > 0) {
				d->why = "table size update after a field";
				return -1;
			}
			if (hpack_int_decode(&p, end, 5, &v, &d->why) < 0)
				return -1;
			if (v > d->limit) {
				d->why = "table size update above SETTINGS_HEADER_TABLE_SIZE";
				return -1;
			}
			d->max = v;
			evict_to(d, d->max);
			continue;
		} else {
			/* 01xxxxxx with indexing; 0001xxxx never indexed; 0000xxxx without */
			int add = (b & 0xc0) == 0x40;

			if (literal(d, &p, end, add ? 6 : 4, add, &nlen, &vlen) < 0)
				return -1;
			name = d->name;
			value = d->value;
		}
		fields++;
		if (fn(ctx, name, nlen, value, vlen) != 0)
			return 1;
	}
	return 0;
}
