#include <string.h>

#include "errbuf.h"
#include "site_conf.h"

#define WORDS_MAX 8
#define LINE_MAX_LEN 512

/* An address: hex digits, dots, colons, at most one slash with a prefix when want_prefix. */
static int addr_ok(const char *s, int want_prefix)
{
	int slash = 0, digits = 0;
	const char *p;

	if (*s == '\0' || strlen(s) >= SITE_ADDR_MAX)
		return 0;
	for (p = s; *p != '\0'; p++) {
		if (*p == '/') {
			if (slash++ || p == s)
				return 0;
			continue;
		}
		if (slash) {
			if (*p < '0' || *p > '9' || ++digits > 3)
				return 0;
			continue;
		}
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
		      (*p >= 'A' && *p <= 'F') || *p == '.' || *p == ':'))
			return 0;
	}
	return want_prefix ? slash == 1 && digits > 0 : slash == 0;
}

static int is_v6(const char *s)
{
	return strchr(s, ':') != NULL;
}

static struct site_iface *iface_get(struct site_conf *c, const char *name)
{
	unsigned i;

	for (i = 0; i < c->ifaces; i++)
		if (strcmp(c->iface[i].name, name) == 0)
			return &c->iface[i];
	if (c->ifaces == SITE_IFACES_MAX)
		return NULL;
	memset(&c->iface[c->ifaces], 0, sizeof c->iface[0]);
	memcpy(c->iface[c->ifaces].name, name, strlen(name) + 1);
	return &c->iface[c->ifaces++];
}

/* iface NAME static A/P [gateway G] | static6 A/P [gateway6 G] | dhcp */
static int parse_iface(struct site_conf *c, char **w, unsigned n, unsigned lineno, char *err,
		       size_t errcap)
{
	struct site_iface *f;
	const char *name = w[1];
	size_t k;

	if (n < 3) {
		err_set(err, errcap, "line %u: iface NAME static|static6|dhcp ...", lineno);
		return -1;
	}
	if (strlen(name) > SITE_IFNAME_MAX || name[0] == '\0') {
		err_set(err, errcap, "line %u: interface name %.20s is not 1 to %d characters", lineno,
			name, SITE_IFNAME_MAX);
		return -1;
	}
	for (k = 0; name[k] != '\0'; k++)
		if (!((name[k] >= 'a' && name[k] <= 'z') || (name[k] >= '0' && name[k] <= '9') ||
		      name[k] == '.' || name[k] == '-' || name[k] == '_')) {
			err_set(err, errcap, "line %u: interface name %s: character '%c' not allowed",
				lineno, name, name[k]);
			return -1;
		}
	f = iface_get(c, name);
	if (f == NULL) {
		err_set(err, errcap, "line %u: more than %d interfaces", lineno, SITE_IFACES_MAX);
		return -1;
	}
	if (strcmp(w[2], "dhcp") == 0 && n == 3) {
		f->dhcp = 1;
		return 0;
	}
	if ((strcmp(w[2], "static") == 0 || strcmp(w[2], "static6") == 0) && (n == 4 || n == 6)) {
		int six = w[2][6] == '6';
		char *addr = six ? f->addr6 : f->addr4, *gw = six ? f->gw6 : f->gw4;

		if (!addr_ok(w[3], 1) || is_v6(w[3]) != six) {
			err_set(err, errcap, "line %u: %s is not an IPv%c ADDRESS/PREFIX", lineno, w[3],
				six ? '6' : '4');
			return -1;
		}
		if (addr[0] != '\0') {
			err_set(err, errcap, "line %u: a second %s address for %s", lineno, w[2], name);
			return -1;
		}
		memcpy(addr, w[3], strlen(w[3]) + 1);
		if (n == 6) {
			if (strcmp(w[4], six ? "gateway6" : "gateway") != 0 || !addr_ok(w[5], 0) ||
			    is_v6(w[5]) != six) {
				err_set(err, errcap, "line %u: want %s ADDRESS after the address",
					lineno, six ? "gateway6" : "gateway");
				return -1;
			}
			memcpy(gw, w[5], strlen(w[5]) + 1);
		}
		return 0;
	}
	err_set(err, errcap, "line %u: iface %s: want static A/P [gateway G], static6 A/P "
		"[gateway6 G] or dhcp", lineno, name);
	return -1;
}

static int parse_server(char list[][SITE_ADDR_MAX], unsigned *count, char **w, unsigned n,
			unsigned lineno, char *err, size_t errcap)
{
	if (n != 2 || !addr_ok(w[1], 0)) {
		err_set(err, errcap, "line %u: %s takes one address", lineno, w[0]);
		return -1;
	}
	if (*count == SITE_SERVERS_MAX) {
		err_set(err, errcap, "line %u: more than %d %s servers", lineno, SITE_SERVERS_MAX,
			w[0]);
		return -1;
	}
	memcpy(list[(*count)++], w[1], strlen(w[1]) + 1);
	return 0;
}

/* The diode interface: one the file configures, with a static IPv4 address only. */
static int diode_check(struct site_conf *c, const char *name, unsigned lineno, char *err,
		       size_t errcap)
{
	unsigned i;

	for (i = 0; i < c->ifaces; i++) {
		struct site_iface *f = &c->iface[i];

		if (strcmp(f->name, name) != 0)
			continue;
		if (f->dhcp || f->addr4[0] == '\0' || f->gw4[0] != '\0' || f->addr6[0] != '\0') {
			err_set(err, errcap, "line %u: diode interface %s: want a static IPv4 address and "
				"nothing else (no DHCP, gateway or IPv6: it never sends)", lineno, name);
			return -1;
		}
		f->diode = 1;
		return 0;
	}
	err_set(err, errcap, "line %u: diode interface %s has no iface line (its static address)",
		lineno, name);
	return -1;
}

int site_conf_parse(const char *buf, size_t len, struct site_conf *c, char *err, size_t errcap)
{
	size_t pos = 0;
	unsigned lineno = 0, diode_line = 0;
	char diode[SITE_IFNAME_MAX + 1];

	memset(c, 0, sizeof *c);
	diode[0] = '\0';
	while (pos < len) {
		const char *l = buf + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - l) : len - pos;
		char line[LINE_MAX_LEN + 1], *w[WORDS_MAX], *p, *hash;
		unsigned nw = 0;

		pos += n + 1;
		lineno++;
		if (n > LINE_MAX_LEN) {
			err_set(err, errcap, "line %u: longer than %d bytes", lineno, LINE_MAX_LEN);
			return -1;
		}
		memcpy(line, l, n);
		line[n] = '\0';
		if (memchr(line, '\0', n) != NULL) {
			err_set(err, errcap, "line %u: holds a NUL byte", lineno);
			return -1;
		}
		hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		for (p = line; *p != '\0';) {
			while (*p == ' ' || *p == '\t' || *p == '\r')
				*p++ = '\0';
			if (*p == '\0')
				break;
			if (nw == WORDS_MAX) {
				err_set(err, errcap, "line %u: more than %d words", lineno, WORDS_MAX);
				return -1;
			}
			w[nw++] = p;
			while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r')
				p++;
		}
		if (nw == 0)
			continue;
		if (strcmp(w[0], "iface") == 0) {
			if (parse_iface(c, w, nw, lineno, err, errcap) != 0)
				return -1;
		} else if (strcmp(w[0], "dns") == 0) {
			if (parse_server(c->dns, &c->dns_count, w, nw, lineno, err, errcap) != 0)
				return -1;
		} else if (strcmp(w[0], "ntp") == 0) {
			if (parse_server(c->ntp, &c->ntp_count, w, nw, lineno, err, errcap) != 0)
				return -1;
		} else if (strcmp(w[0], "diode-iface") == 0) {
			if (nw != 2 || strlen(w[1]) > SITE_IFNAME_MAX || diode_line != 0) {
				err_set(err, errcap, "line %u: diode-iface takes one interface name, once",
					lineno);
				return -1;
			}
			memcpy(diode, w[1], strlen(w[1]) + 1);
			diode_line = lineno;
		}
	}
	/* after every iface line: they may come before or after it */
	return diode_line != 0 ? diode_check(c, diode, diode_line, err, errcap) : 0;
}
