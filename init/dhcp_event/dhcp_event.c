/*
 * node-dhcp-event: the script BusyBox udhcpc runs on each DHCP event, for an interface the site
 * configured with "iface NAME dhcp" (etc/node/site.conf). It applies the lease's address and
 * router with BusyBox ip and nothing else: resolvers and time servers come from site.conf only,
 * so the lease's DNS, NTP, domain and hostname options are ignored (and said to be).
 *
 *   udhcpc -f -i eth0 -s /usr/sbin/node-dhcp-event     (init starts it as service dhcp-eth0)
 *   event in argv[1]: deconfig, bound, renew, leasefail, nak
 *   environment from udhcpc: interface, ip, subnet, router, lease
 *
 * Every value is checked before use; a lease it cannot vouch for is refused with a line that
 * says why, and the interface is left as it was. Exit 0 except on usage errors (udhcpc ignores it).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lease.h"

#define IP_PATH "/usr/sbin/ip"	/* BusyBox, as init/netconf.h */

static int run_ip(char *const argv[])
{
	pid_t pid = fork();
	int st;

	if (pid < 0) {
		fprintf(stderr, "node-dhcp-event: fork for ip: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execv(IP_PATH, argv);
		fprintf(stderr, "node-dhcp-event: exec %s: %s\n", IP_PATH, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "node-dhcp-event: ip %s %s %s: %s %d\n", argv[1], argv[2],
			argv[3] ? argv[3] : "", WIFEXITED(st) ? "exit status" : "killed by signal",
			WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		return -1;
	}
	return 0;
}

#define IP(...) run_ip((char *const[]){ (char *)"ip", __VA_ARGS__, NULL })

/* Whether iface holds ip already: a renewal of the same lease must not take it away, even briefly. */
static int has_addr(const char *iface, const char *ip)
{
	struct ifaddrs *all, *a;
	char buf[INET_ADDRSTRLEN];
	int found = 0;

	if (getifaddrs(&all) != 0)
		return 0;
	for (a = all; a != NULL && !found; a = a->ifa_next)
		if (a->ifa_addr != NULL && a->ifa_addr->sa_family == AF_INET &&
		    strcmp(a->ifa_name, iface) == 0 &&
		    inet_ntop(AF_INET, &((struct sockaddr_in *)a->ifa_addr)->sin_addr, buf,
			      sizeof buf) != NULL && strcmp(buf, ip) == 0)
			found = 1;
	freeifaddrs(all);
	return found;
}

int main(int argc, char **argv)
{
	struct dhcp_lease l;
	char why[160], cidr[LEASE_ADDR_MAX + 4];

	if (argc != 2) {
		fprintf(stderr, "usage: node-dhcp-event EVENT (run by udhcpc)\n");
		return 2;
	}
	if (lease_read_env(argv[1], getenv("interface"), getenv("ip"), getenv("subnet"),
			   getenv("router"), getenv("lease"), &l, why, sizeof why) != 0) {
		printf("node-dhcp-event: %s: %s; the interface is left as it was\n", argv[1], why);
		return 0;
	}
	switch (l.event) {
	case LEASE_DECONFIG:
		/* no lease (start, or lost): no address, link up for the next discover */
		if (IP("-4", "addr", "flush", "dev", l.iface) == 0 &&
		    IP("link", "set", "dev", l.iface, "up") == 0)
			printf("node-dhcp-event: %s: no lease, no IPv4 address\n", l.iface);
		return 0;
	case LEASE_BOUND:
	case LEASE_RENEW:
		snprintf(cidr, sizeof cidr, "%s/%u", l.ip, l.prefix);
		if ((!has_addr(l.iface, l.ip) &&
		     (IP("-4", "addr", "flush", "dev", l.iface) != 0 ||
		      IP("addr", "add", cidr, "dev", l.iface) != 0)) ||
		    (l.router[0] != '\0' &&
		     IP("route", "replace", "default", "via", l.router, "dev", l.iface) != 0))
			return 0;
		printf("node-dhcp-event: %s: %s %s%s%s, lease %lus; its resolvers and time servers "
		       "are ignored (site.conf names them)\n", l.iface,
		       l.event == LEASE_BOUND ? "bound" : "renewed", cidr,
		       l.router[0] ? " via " : "", l.router, l.lease_s);
		return 0;
	default:
		printf("node-dhcp-event: %s: %s\n", l.iface, argv[1]);
		return 0;
	}
}
