#include <string.h>

#include "hex.h"
#include "manifest.h"
#include "tar_header.h"

#define MANIFEST_LINES 6
#define MANIFEST_TOKENS_MAX 14  /* the root.img payload line: payload, name, six key/value pairs */
#define MANIFEST_U64_DIGITS 20
#define MANIFEST_SHOW_MAX 48    /* how much of an offending token a message quotes */

struct token {
	const char *s;
	size_t len;
};

static int tok_is(const struct token *t, const char *word)
{
	return t->len == strlen(word) && memcmp(t->s, word, t->len) == 0;
}

static int show_len(const struct token *t)
{
	return t->len > MANIFEST_SHOW_MAX ? MANIFEST_SHOW_MAX : (int)t->len;
}

/* Splits on single spaces: no leading, trailing or doubled spaces, at most max tokens. */
static int tokenize(const char *line, size_t len, struct token *tok, size_t max, size_t *n,
		    struct upd_error *err)
{
	size_t i = 0, count = 0;

	if (len == 0)
		return upd_fail(err, UPD_ERR_BAD, "empty line");
	while (i < len) {
		size_t start = i;

		while (i < len && line[i] != ' ')
			i++;
		if (i == start)
			return upd_fail(err, UPD_ERR_BAD, "leading, trailing or double space");
		if (count == max)
			return upd_fail(err, UPD_ERR_BAD, "more than %zu fields", max);
		tok[count].s = line + start;
		tok[count].len = i - start;
		count++;
		if (i < len && ++i == len)
			return upd_fail(err, UPD_ERR_BAD, "leading, trailing or double space");
	}
	*n = count;
	return 0;
}

/* Decimal, no sign, no leading zero, at most max. */
static int u64_parse(const struct token *t, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (t->len == 0 || t->len > MANIFEST_U64_DIGITS || (t->len > 1 && t->s[0] == '0'))
		return -1;
	for (i = 0; i < t->len; i++) {
		unsigned d;

		if (t->s[i] < '0' || t->s[i] > '9')
			return -1;
		d = (unsigned)(t->s[i] - '0');
		if (v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static int product_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int product_parse(const struct token *t, char *out, struct upd_error *err)
{
	size_t i;

	if (t->len == 0 || t->len > MANIFEST_PRODUCT_MAX)
		goto bad;
	for (i = 0; i < t->len; i++)
		if (!product_char_ok(t->s[i]))
			goto bad;
	memcpy(out, t->s, t->len);
	out[t->len] = '\0';
	return 0;
bad:
	return upd_fail(err, UPD_ERR_BAD, "product \"%.*s\" is not 1..%d of [a-z0-9_-]", show_len(t),
			t->s, MANIFEST_PRODUCT_MAX);
}

/* The key/value pairs of a payload line, checked against the names in order. */
static int expect_keys(const struct token *tok, size_t n, const char *const *keys, size_t nkeys,
		       struct upd_error *err)
{
	size_t i;

	if (n != 2 + 2 * nkeys)
		return upd_fail(err, UPD_ERR_BAD, "payload %.*s has %zu fields, expected %zu",
				show_len(&tok[1]), tok[1].s, n, 2 + 2 * nkeys);
	for (i = 0; i < nkeys; i++)
		if (!tok_is(&tok[2 + 2 * i], keys[i]))
			return upd_fail(err, UPD_ERR_BAD,
					"payload %.*s: field %zu is \"%.*s\", expected \"%s\"",
					show_len(&tok[1]), tok[1].s, 3 + 2 * i,
					show_len(&tok[2 + 2 * i]), tok[2 + 2 * i].s, keys[i]);
	return 0;
}

/* sha256 digests, verity root hash and salt: all 32 bytes */
_Static_assert(MANIFEST_VERITY_BYTES == MANIFEST_SHA256_BYTES, "one hex field width");

static int hash_field(const struct token *t, const char *what, uint8_t *out, struct upd_error *err)
{
	if (hex_decode(t->s, t->len, out, MANIFEST_SHA256_BYTES) < 0)
		return upd_fail(err, UPD_ERR_BAD, "%s \"%.*s\" is not 64 lowercase hex digits", what,
				show_len(t), t->s);
	return 0;
}

static int count_field(const struct token *t, const char *what, uint64_t max, uint64_t *out,
		       struct upd_error *err)
{
	if (u64_parse(t, max, out) < 0)
		return upd_fail(err, UPD_ERR_BAD, "%s \"%.*s\" is not a decimal number up to %llu",
				what, show_len(t), t->s, (unsigned long long)max);
	return 0;
}

static int payload_head(const struct token *tok, size_t n, const char *name,
			struct manifest_payload *p, struct upd_error *err)
{
	if (n < 2 || !tok_is(&tok[0], "payload"))
		return upd_fail(err, UPD_ERR_BAD, "expected \"payload %s ...\", found \"%.*s\"", name,
				show_len(&tok[0]), tok[0].s);
	if (!tok_is(&tok[1], name))
		return upd_fail(err, UPD_ERR_BAD, "expected payload \"%s\" here, found \"%.*s\"", name,
				show_len(&tok[1]), tok[1].s);
	memcpy(p->name, name, strlen(name) + 1);
	return 0;
}

static int payload_root(const struct token *tok, size_t n, struct manifest *m,
			struct upd_error *err)
{
	static const char *const keys[] = { "size", "sha256", "verity-root", "verity-salt",
					    "data-blocks", "hash-blocks" };
	struct manifest_payload *p = &m->payload[MANIFEST_ROOT];
	uint64_t blocks;

	if (payload_head(tok, n, MANIFEST_ROOT_NAME, p, err) < 0 ||
	    expect_keys(tok, n, keys, 6, err) < 0 ||
	    count_field(&tok[3], "size", TAR_SIZE_MAX, &p->size, err) < 0 ||
	    hash_field(&tok[5], "sha256", p->sha256, err) < 0 ||
	    hash_field(&tok[7], "verity-root", m->verity_root, err) < 0 ||
	    hash_field(&tok[9], "verity-salt", m->verity_salt, err) < 0 ||
	    count_field(&tok[11], "data-blocks", TAR_SIZE_MAX / MANIFEST_BLOCK_SIZE, &m->data_blocks,
			err) < 0 ||
	    count_field(&tok[13], "hash-blocks", TAR_SIZE_MAX / MANIFEST_BLOCK_SIZE, &m->hash_blocks,
			err) < 0)
		return -1;
	if (m->data_blocks == 0 || m->hash_blocks == 0)
		return upd_fail(err, UPD_ERR_BAD, "root.img needs at least one data and one hash block");
	/* both are below 2^21, so the sum and product cannot overflow */
	blocks = m->data_blocks + m->hash_blocks;
	if (p->size != blocks * MANIFEST_BLOCK_SIZE)
		return upd_fail(err, UPD_ERR_BAD,
				"root.img size %llu is not (data-blocks %llu + hash-blocks %llu) * %d",
				(unsigned long long)p->size, (unsigned long long)m->data_blocks,
				(unsigned long long)m->hash_blocks, MANIFEST_BLOCK_SIZE);
	return 0;
}

static int payload_uki(const struct token *tok, size_t n, struct manifest *m, struct upd_error *err)
{
	static const char *const keys[] = { "size", "sha256" };
	struct manifest_payload *p = &m->payload[MANIFEST_UKI];

	if (payload_head(tok, n, MANIFEST_UKI_NAME, p, err) < 0 ||
	    expect_keys(tok, n, keys, 2, err) < 0 ||
	    count_field(&tok[3], "size", TAR_SIZE_MAX, &p->size, err) < 0 ||
	    hash_field(&tok[5], "sha256", p->sha256, err) < 0)
		return -1;
	if (p->size == 0)
		return upd_fail(err, UPD_ERR_BAD, "uki.efi size is 0");
	return 0;
}

/* "key value" lines: exactly two fields and the expected key. */
static int key_value(const struct token *tok, size_t n, const char *key, struct upd_error *err)
{
	if (!tok_is(&tok[0], key))
		return upd_fail(err, UPD_ERR_BAD,
				"expected key \"%s\", found \"%.*s\" (keys come once each, in order)",
				key, show_len(&tok[0]), tok[0].s);
	if (n != 2)
		return upd_fail(err, UPD_ERR_BAD, "\"%s\" takes exactly one value, found %zu", key,
				n - 1);
	return 0;
}

static int line_parse(unsigned lineno, const struct token *tok, size_t n, struct manifest *m,
		      struct upd_error *err)
{
	uint64_t format;

	switch (lineno) {
	case 1:
		if (key_value(tok, n, "format", err) < 0)
			return -1;
		if (u64_parse(&tok[1], UINT32_MAX, &format) < 0 || format != MANIFEST_FORMAT)
			return upd_fail(err, UPD_ERR_BAD, "format \"%.*s\" is not supported (only %d)",
					show_len(&tok[1]), tok[1].s, MANIFEST_FORMAT);
		m->format = (unsigned)format;
		return 0;
	case 2:
		if (key_value(tok, n, "product", err) < 0)
			return -1;
		return product_parse(&tok[1], m->product, err);
	case 3:
		if (key_value(tok, n, "version", err) < 0)
			return -1;
		return version_parse(tok[1].s, tok[1].len, &m->version, err);
	case 4:
		if (key_value(tok, n, "min-version", err) < 0)
			return -1;
		return version_parse(tok[1].s, tok[1].len, &m->min_version, err);
	case 5:
		return payload_root(tok, n, m, err);
	case 6:
		return payload_uki(tok, n, m, err);
	}
	return upd_fail(err, UPD_ERR_BAD, "unexpected line after the last payload");
}

static int text_chars_ok(const char *text, size_t len, struct upd_error *err)
{
	size_t i;
	unsigned lineno = 1;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n')
			lineno++;
		else if (c < 0x20 || c > 0x7e)
			return upd_fail(err, UPD_ERR_BAD,
					"line %u: byte 0x%02x at offset %zu is not printable ASCII",
					lineno, c, i);
	}
	return 0;
}

int manifest_parse(const char *text, size_t len, struct manifest *m, struct upd_error *err)
{
	struct token tok[MANIFEST_TOKENS_MAX];
	size_t pos = 0;
	unsigned lineno = 0;

	memset(m, 0, sizeof *m);
	if (len > MANIFEST_MAX_BYTES)
		return upd_fail(err, UPD_ERR_BAD, "%zu bytes, more than the %d allowed", len,
				MANIFEST_MAX_BYTES);
	if (text_chars_ok(text, len, err) < 0)
		return -1;
	if (len == 0 || text[len - 1] != '\n')
		return upd_fail(err, UPD_ERR_BAD, "does not end with a line feed");
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t linelen = (size_t)(nl - (text + pos)), n = 0;

		lineno++;
		if (tokenize(text + pos, linelen, tok, MANIFEST_TOKENS_MAX, &n, err) < 0 ||
		    line_parse(lineno, tok, n, m, err) < 0) {
			upd_error_prefix(err, "line %u: ", lineno);
			return -1;
		}
		pos += linelen + 1;
	}
	if (lineno < MANIFEST_LINES)
		return upd_fail(err, UPD_ERR_BAD, "ends after line %u, %d lines expected", lineno,
				MANIFEST_LINES);
	if (version_compare(&m->min_version, &m->version) > 0)
		return upd_fail(err, UPD_ERR_BAD, "min-version is newer than version");
	return 0;
}
