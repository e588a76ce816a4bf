#include <string.h>

#include "cmdline.h"
#include "errbuf.h"

#define PARTLABEL_PREFIX "PARTLABEL="

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_hex(s[i]))
			return 0;
	return 1;
}

/* Decimal, digits only, 1..max. */
static int parse_count(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 20)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > max)
			return -1;
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

int verity_spec_parse(const char *s, size_t len, struct node_verity *v, char *err, size_t errcap)
{
	const char *field[4];
	size_t flen[4];
	size_t i, start = 0, nf = 0;

	memset(v, 0, sizeof *v);
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != ':')
			continue;
		if (nf == 4) {
			err_set(err, errcap, "node.verity: more than 4 ':'-separated fields");
			return -1;
		}
		field[nf] = s + start;
		flen[nf] = i - start;
		nf++;
		start = i + 1;
	}
	if (nf != 4) {
		err_set(err, errcap,
			"node.verity: expected <data_blocks>:<hash_start_block>:<root_hash>:<salt>, got %zu fields",
			nf);
		return -1;
	}
	if (parse_count(field[0], flen[0], VERITY_BLOCKS_MAX, &v->data_blocks) != 0) {
		err_set(err, errcap, "node.verity: data_blocks '%.*s' is not a number in 1..%llu",
			(int)flen[0], field[0], VERITY_BLOCKS_MAX);
		return -1;
	}
	if (parse_count(field[1], flen[1], VERITY_BLOCKS_MAX, &v->hash_start_block) != 0) {
		err_set(err, errcap, "node.verity: hash_start_block '%.*s' is not a number in 1..%llu",
			(int)flen[1], field[1], VERITY_BLOCKS_MAX);
		return -1;
	}
	if (v->hash_start_block < v->data_blocks) {
		err_set(err, errcap,
			"node.verity: hash_start_block %llu lies inside the %llu data blocks",
			(unsigned long long)v->hash_start_block, (unsigned long long)v->data_blocks);
		return -1;
	}
	if (flen[2] != VERITY_ROOT_HASH_HEX || !all_hex(field[2], flen[2])) {
		err_set(err, errcap, "node.verity: root hash must be %d hex digits (got %zu characters)",
			VERITY_ROOT_HASH_HEX, flen[2]);
		return -1;
	}
	memcpy(v->root_hash, field[2], flen[2]);
	v->root_hash[flen[2]] = '\0';
	if (flen[3] == 1 && field[3][0] == '-') {
		v->salt[0] = '-';
		v->salt[1] = '\0';
		return 0;
	}
	if (flen[3] == 0 || flen[3] > VERITY_SALT_HEX_MAX || flen[3] % 2 != 0 ||
	    !all_hex(field[3], flen[3])) {
		err_set(err, errcap,
			"node.verity: salt must be '-' or an even number (2..%d) of hex digits (got %zu characters)",
			VERITY_SALT_HEX_MAX, flen[3]);
		return -1;
	}
	memcpy(v->salt, field[3], flen[3]);
	v->salt[flen[3]] = '\0';
	return 0;
}

/* node.root / node.data: "PARTLABEL=<label>", label printable and short enough. */
static int parse_partlabel(const char *key, const char *val, char *out, char *err, size_t errcap)
{
	const size_t pl = sizeof PARTLABEL_PREFIX - 1;
	size_t n, i;

	if (strncmp(val, PARTLABEL_PREFIX, pl) != 0) {
		err_set(err, errcap, "%s: only PARTLABEL=<label> is supported, got '%.64s'", key, val);
		return -1;
	}
	val += pl;
	n = strlen(val);
	if (n == 0) {
		err_set(err, errcap, "%s: empty partition label", key);
		return -1;
	}
	if (n > CMDLINE_LABEL_MAX) {
		err_set(err, errcap, "%s: label too long (%zu bytes, max %d)", key, n, CMDLINE_LABEL_MAX);
		return -1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)val[i];

		if (c < 0x20 || c == 0x7f) {
			err_set(err, errcap, "%s: control character in label", key);
			return -1;
		}
	}
	memcpy(out, val, n + 1);
	return 0;
}

/* node.install: "usb", or an http:// URL of printable ASCII (checked in full by the installer). */
static int parse_install(const char *val, struct node_cmdline *c, char *err, size_t errcap)
{
	size_t n = strlen(val), i;

	if (strcmp(val, "usb") == 0) {
		c->install = INSTALL_USB;
		return 0;
	}
	if (strncmp(val, "http://", 7) != 0) {
		err_set(err, errcap, "node.install: must be 'usb' or an http:// URL, got '%.40s'", val);
		return -1;
	}
	if (n > CMDLINE_INSTALL_MAX) {
		err_set(err, errcap, "node.install: URL of %zu bytes, more than %d", n,
			CMDLINE_INSTALL_MAX);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((unsigned char)val[i] <= 0x20 || (unsigned char)val[i] >= 0x7f) {
			err_set(err, errcap, "node.install: byte 0x%02x at offset %zu of the URL is not "
				"printable ASCII", (unsigned char)val[i], i);
			return -1;
		}
	}
	memcpy(c->install_url, val, n + 1);
	c->install = INSTALL_HTTP;
	return 0;
}

static int apply_word(struct node_cmdline *c, char *word, char *err, size_t errcap)
{
	char *eq = strchr(word, '=');
	const char *val = NULL;

	if (eq != NULL) {
		*eq = '\0';
		val = eq + 1;
	}
	if (strcmp(word, "node.debug") == 0) {
		c->debug = 1;
		return 0;
	}
	if (strcmp(word, "node.slot") != 0 && strcmp(word, "node.root") != 0 &&
	    strcmp(word, "node.data") != 0 && strcmp(word, "node.verity") != 0 &&
	    strcmp(word, "node.install") != 0)
		return 0;	/* not ours */
	if (val == NULL) {
		err_set(err, errcap, "%s: needs a value", word);
		return -1;
	}
	if (strcmp(word, "node.slot") == 0) {
		if ((val[0] != 'a' && val[0] != 'b') || val[1] != '\0') {
			err_set(err, errcap, "node.slot: must be 'a' or 'b', got '%.32s'", val);
			return -1;
		}
		c->slot = val[0];
		return 0;
	}
	if (strcmp(word, "node.root") == 0)
		return parse_partlabel(word, val, c->root_label, err, errcap);
	if (strcmp(word, "node.data") == 0)
		return parse_partlabel(word, val, c->data_label, err, errcap);
	if (strcmp(word, "node.install") == 0)
		return parse_install(val, c, err, errcap);
	if (verity_spec_parse(val, strlen(val), &c->verity, err, errcap) != 0)
		return -1;
	c->has_verity = 1;
	return 0;
}

int cmdline_parse(const char *buf, size_t len, struct node_cmdline *c, char *err, size_t errcap)
{
	char word[CMDLINE_MAX + 1];
	size_t i = 0;

	memset(c, 0, sizeof *c);
	memcpy(c->data_label, "data", sizeof "data");
	if (len > CMDLINE_MAX) {
		err_set(err, errcap, "command line is %zu bytes, more than %d", len, CMDLINE_MAX);
		return -1;
	}
	for (;;) {
		size_t n = 0;
		int quoted = 0;

		while (i < len && is_blank(buf[i]))
			i++;
		if (i >= len)
			return 0;
		while (i < len && (quoted || !is_blank(buf[i]))) {
			char ch = buf[i++];

			if (ch == '"') {
				quoted = !quoted;
				continue;
			}
			if (ch == '\0') {
				err_set(err, errcap, "NUL byte in command line at offset %zu", i - 1);
				return -1;
			}
			word[n++] = ch;	/* n < i <= len <= CMDLINE_MAX */
		}
		if (quoted) {
			err_set(err, errcap, "unterminated double quote in command line");
			return -1;
		}
		word[n] = '\0';
		if (strcmp(word, "--") == 0)
			return 0;	/* the rest belongs to init's argv, not to us */
		if (n > 0 && apply_word(c, word, err, errcap) != 0)
			return -1;
	}
}
