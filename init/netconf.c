#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child_run.h"
#include "errbuf.h"
#include "fileio.h"
#include "netconf.h"
#include "run_node.h"

static char ip_out[2048];

static int sysctl_set(const char *iface, const char *key, const char *value, char *err,
		      size_t errcap)
{
	char path[128];

	int fd, rc;

	snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/%s", iface, key);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	rc = fd < 0 ? -1 : fd_write_all(fd, value, strlen(value));
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (rc != 0) {
		err_set(err, errcap, "write %s to %s: %s", value, path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ip ARGS...: 0, or -1 with the command and ip's message in err. */
static int ip(char *err, size_t errcap, char *const argv[])
{
	char line[160], cmd[200];
	size_t len, off = 0, k;
	int st;

	if (child_run_capture(argv, ip_out, sizeof ip_out, &len, &st, err, errcap) != 0)
		return -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	for (k = 1; argv[k] != NULL && off < sizeof cmd; k++)
		off += (size_t)snprintf(cmd + off, sizeof cmd - off, "%s%s", k > 1 ? " " : "",
					argv[k]);
	snprintf(line, sizeof line, "%.*s", (int)strcspn(ip_out, "\n"), ip_out);
	err_set(err, errcap, "ip %s: %s", cmd,
		line[0] != '\0' ? line : WIFEXITED(st) ? "failed" : "killed");
	return -1;
}

#define IP(...) ip(err, errcap, (char *const[]){ (char *)IP_PATH, __VA_ARGS__, NULL })

static int iface_up(const struct site_iface *f, char *err, size_t errcap)
{
	char *name = (char *)f->name;

	/* no IPv6 where none is configured: no link-local address, so no DAD, MLD or solicitations */
	if (sysctl_set(f->name, "accept_ra", "0", err, errcap) != 0 ||
	    sysctl_set(f->name, "autoconf", "0", err, errcap) != 0 ||
	    sysctl_set(f->name, "disable_ipv6", f->addr6[0] != '\0' ? "0" : "1", err, errcap) != 0)
		return -1;
	/* the diode side answers nothing, ARP included (the wire guard drops its egress as well) */
	if (f->diode && IP("link", "set", "dev", name, "arp", "off") != 0)
		return -1;
	if (IP("link", "set", "dev", name, "up") != 0)
		return -1;
	/* a DHCP interface gets its IPv4 address from the service dhcp-NAME (udhcpc) */
	if (f->addr4[0] != '\0' && IP("addr", "add", (char *)f->addr4, "dev", name) != 0)
		return -1;
	if (f->gw4[0] != '\0' &&
	    IP("route", "add", "default", "via", (char *)f->gw4, "dev", name) != 0)
		return -1;
	if (f->addr6[0] != '\0' && IP("-6", "addr", "add", (char *)f->addr6, "dev", name) != 0)
		return -1;
	if (f->gw6[0] != '\0' &&
	    IP("-6", "route", "add", "default", "via", (char *)f->gw6, "dev", name) != 0)
		return -1;
	return 0;
}

static int resolv_write(const struct site_conf *c, char *err, size_t errcap)
{
	char buf[64 + SITE_SERVERS_MAX * (SITE_ADDR_MAX + 16)];
	size_t off = 0;
	unsigned i;

	off += (size_t)snprintf(buf, sizeof buf, "# from /etc/node/site.conf; no other resolver\n");
	for (i = 0; i < c->dns_count; i++)
		off += (size_t)snprintf(buf + off, sizeof buf - off, "nameserver %s\n", c->dns[i]);
	if (file_write_atomic(RESOLV_CONF, RESOLV_CONF_TMP, buf, off, RUN_NODE_FILE_MODE) != 0) {
		err_set(err, errcap, "write %s: %s", RESOLV_CONF, strerror(errno));
		return -1;
	}
	return 0;
}

int netconf_apply(const struct site_conf *c, char *summary, size_t sumcap, char *err,
		  size_t errcap)
{
	static const char *const scopes[] = { "all", "default" };
	size_t off = 0;
	unsigned i;

	for (i = 0; i < 2; i++)
		if (sysctl_set(scopes[i], "accept_ra", "0", err, errcap) != 0 ||
		    sysctl_set(scopes[i], "autoconf", "0", err, errcap) != 0)
			return -1;
	if (IP("link", "set", "dev", "lo", "up") != 0)
		return -1;
	off += (size_t)snprintf(summary, sumcap, "lo up");
	for (i = 0; i < c->ifaces; i++) {
		const struct site_iface *f = &c->iface[i];

		if (iface_up(f, err, errcap) != 0)
			return -1;
		if (off < sumcap)
			off += (size_t)snprintf(summary + off, sumcap - off, "; %s%s%s%s%s%s%s%s%s%s%s%s%s",
						f->name, f->diode ? " diode (receive only, ARP off)" : "",
						f->dhcp ? " dhcp (service dhcp-" : "",
						f->dhcp ? f->name : "", f->dhcp ? ")" : "",
						f->addr4[0] ? " " : "", f->addr4,
						f->gw4[0] ? " via " : "", f->gw4,
						f->addr6[0] ? " " : "", f->addr6,
						f->gw6[0] ? " via " : "", f->gw6);
	}
	if (resolv_write(c, err, errcap) != 0)
		return -1;
	if (off < sumcap)
		snprintf(summary + off, sumcap - off, "; %u resolver%s, IPv6 autoconfiguration off",
			 c->dns_count, c->dns_count == 1 ? "" : "s");
	return 0;
}
