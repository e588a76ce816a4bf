#include <stdio.h>
#include <string.h>

#include "provision_conf.h"

#define TOKENS_MAX 3              /* "disk serial S" is the longest line */

enum conf_key { K_DISK, K_WIPE, K_HOSTNAME, K_NODE_KEY, K_COUNT };

static const char *const key_names[K_COUNT] = { "disk", "wipe", "hostname", "node-key" };

struct token {
	const char *p;
	size_t n;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int token_is(const struct token *t, const char *s)
{
	return t->n == strlen(s) && memcmp(t->p, s, t->n) == 0;
}

/* Splits a line (comment already cut) into at most TOKENS_MAX tokens. The count, or
 * TOKENS_MAX + 1 when there are more. */
static unsigned tokenize(const char *l, size_t n, struct token *t)
{
	unsigned count = 0;
	size_t i = 0;

	while (i < n) {
		size_t s;

		while (i < n && is_blank(l[i]))
			i++;
		if (i == n)
			break;
		s = i;
		while (i < n && !is_blank(l[i]))
			i++;
		if (count == TOKENS_MAX)
			return TOKENS_MAX + 1;
		t[count].p = l + s;
		t[count].n = i - s;
		count++;
	}
	return count;
}

/* The length of the line before its comment: a '#' that starts the line or follows a blank. */
static size_t uncommented(const char *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (l[i] == '#' && (i == 0 || is_blank(l[i - 1])))
			return i;
	return n;
}

static int host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.';
}

/* Kernel block device names: sda, vda, nvme0n1, mmcblk0, cciss!c0d0. */
static int disk_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == '!' || c == ':' || c == '+';
}

static int disk_value(const struct token *t, unsigned nt, unsigned line, struct provision_conf *c,
		      struct upd_error *err)
{
	size_t i;

	if (nt == 2 && token_is(&t[1], "first-non-removable")) {
		c->disk_rule = DISK_RULE_FIRST_NON_REMOVABLE;
		return 0;
	}
	if (nt == 3 && token_is(&t[1], "serial")) {
		if (t[2].n > PROVISION_SERIAL_MAX)
			return upd_fail(err, UPD_ERR_BAD, "line %u: disk serial is longer than %d "
					"characters", line, PROVISION_SERIAL_MAX);
		c->disk_rule = DISK_RULE_SERIAL;
		memcpy(c->disk_arg, t[2].p, t[2].n);
		c->disk_arg[t[2].n] = '\0';
		return 0;
	}
	if (nt == 3 && token_is(&t[1], "name")) {
		if (t[2].n > 5 && memcmp(t[2].p, "/dev/", 5) == 0)
			return upd_fail(err, UPD_ERR_BAD, "line %u: disk name takes the kernel's name "
					"of a disk (sda, vda, nvme0n1), not a path", line);
		if (t[2].n > PROVISION_DISK_NAME_MAX)
			return upd_fail(err, UPD_ERR_BAD, "line %u: disk name is longer than %d "
					"characters", line, PROVISION_DISK_NAME_MAX);
		for (i = 0; i < t[2].n; i++)
			if (!disk_name_char(t[2].p[i]) || (i == 0 && t[2].p[i] == '.'))
				return upd_fail(err, UPD_ERR_BAD, "line %u: disk name \"%.*s\" has "
						"character '%c', which no block device name has",
						line, (int)t[2].n, t[2].p, t[2].p[i]);
		c->disk_rule = DISK_RULE_NAME;
		memcpy(c->disk_arg, t[2].p, t[2].n);
		c->disk_arg[t[2].n] = '\0';
		return 0;
	}
	return upd_fail(err, UPD_ERR_BAD, "line %u: disk takes first-non-removable, serial "
			"SERIAL or name NAME", line);
}

static int hostname_value(const struct token *v, unsigned line, struct provision_conf *c,
			  struct upd_error *err)
{
	size_t i;

	if (v->n > PROVISION_HOSTNAME_MAX)
		return upd_fail(err, UPD_ERR_BAD, "line %u: hostname is longer than %d characters",
				line, PROVISION_HOSTNAME_MAX);
	for (i = 0; i < v->n; i++)
		if (!host_char(v->p[i]))
			return upd_fail(err, UPD_ERR_BAD, "line %u: hostname \"%.*s\" has character "
					"'%c': only letters, digits, '-' and '.' are allowed", line,
					(int)v->n, v->p, v->p[i]);
	memcpy(c->hostname, v->p, v->n);
	c->hostname[v->n] = '\0';
	return 0;
}

/* The value is a secret: messages say what is wrong with it, never what it is. */
static int node_key_value(const struct token *v, unsigned line, struct provision_conf *c,
			  struct upd_error *err)
{
	size_t i;
	int nonzero = 0;

	if (v->n != PROVISION_NODE_KEY_HEX)
		return upd_fail(err, UPD_ERR_BAD, "line %u: node-key must be %d lowercase hex digits "
				"(32 bytes); it has %s%zu characters", line, PROVISION_NODE_KEY_HEX,
				v->n > 999 ? "more than " : "", v->n > 999 ? (size_t)999 : v->n);
	for (i = 0; i < v->n; i++) {
		char ch = v->p[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
			return upd_fail(err, UPD_ERR_BAD, "line %u: node-key character %zu is not a "
					"lowercase hex digit", line, i + 1);
		nonzero |= ch != '0';
	}
	/* all zeros is a template's placeholder, not a key */
	if (!nonzero)
		return upd_fail(err, UPD_ERR_BAD, "line %u: node-key is all zeros", line);
	memcpy(c->node_key, v->p, v->n);
	c->node_key[v->n] = '\0';
	return 0;
}

static int line_parse(const char *l, size_t n, unsigned line, unsigned first[K_COUNT],
		      struct provision_conf *c, struct upd_error *err)
{
	struct token t[TOKENS_MAX];
	unsigned nt = tokenize(l, uncommented(l, n), t), k;

	if (nt == 0)
		return 0;
	for (k = 0; k < K_COUNT; k++)
		if (token_is(&t[0], key_names[k]))
			break;
	if (k == K_COUNT)
		return upd_fail(err, UPD_ERR_BAD, "line %u: unknown key \"%.*s\"%s (known: disk, "
				"wipe, hostname, node-key)", line, (int)(t[0].n > 40 ? 40 : t[0].n),
				t[0].p, t[0].n > 40 ? "..." : "");
	if (first[k] != 0)
		return upd_fail(err, UPD_ERR_BAD, "line %u: %s is given again (first on line %u)",
				line, key_names[k], first[k]);
	first[k] = line;
	if (k == K_DISK)
		return disk_value(t, nt, line, c, err);
	if (nt != 2)
		return upd_fail(err, UPD_ERR_BAD, "line %u: %s takes one value, not %s", line,
				key_names[k], nt == 1 ? "none" : "more");
	switch (k) {
	case K_WIPE:
		if (token_is(&t[1], "yes") || token_is(&t[1], "no")) {
			c->wipe = token_is(&t[1], "yes");
			return 0;
		}
		return upd_fail(err, UPD_ERR_BAD, "line %u: wipe takes yes or no", line);
	case K_HOSTNAME:
		return hostname_value(&t[1], line, c, err);
	default:
		return node_key_value(&t[1], line, c, err);
	}
}

int provision_conf_parse(const char *text, size_t len, struct provision_conf *c,
			 struct upd_error *err)
{
	unsigned first[K_COUNT] = { 0 }, line = 1, k;
	size_t pos = 0, i;

	memset(c, 0, sizeof *c);
	if (len > PROVISION_CONF_MAX)
		return upd_fail(err, UPD_ERR_BAD, "%zu bytes; at most %d", len, PROVISION_CONF_MAX);
	for (i = 0; i < len; i++) {
		unsigned char b = (unsigned char)text[i];

		if (b == '\n')
			line++;
		else if ((b < 0x20 || b > 0x7e) && b != '\t')
			return upd_fail(err, UPD_ERR_BAD, "line %u: byte 0x%02x: only printable ASCII, "
					"tabs and LF line ends are allowed", line, b);
	}
	for (line = 1; pos < len; line++) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - l) : len - pos;

		pos += n + 1;
		if (line_parse(l, n, line, first, c, err) < 0) {
			memset(c, 0, sizeof *c);  /* no half-read secret stays behind */
			return -1;
		}
	}
	for (k = 0; k < K_COUNT; k++)
		if (first[k] == 0 && k != K_WIPE) {
			memset(c, 0, sizeof *c);
			return upd_fail(err, UPD_ERR_BAD, "no %s line (it is required)", key_names[k]);
		}
	return 0;
}

const char *provision_disk_rule_text(const struct provision_conf *c, char *out, size_t cap)
{
	switch (c->disk_rule) {
	case DISK_RULE_FIRST_NON_REMOVABLE:
		snprintf(out, cap, "disk first-non-removable");
		break;
	case DISK_RULE_SERIAL:
		snprintf(out, cap, "disk serial %s", c->disk_arg);
		break;
	case DISK_RULE_NAME:
		snprintf(out, cap, "disk name %s", c->disk_arg);
		break;
	default:
		snprintf(out, cap, "no disk line");
		break;
	}
	return out;
}
