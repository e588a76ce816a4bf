#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "child_run.h"
#include "clock.h"
#include "errbuf.h"
#include "fileio.h"
#include "install_net.h"
#include "status.h"

#define SYS_NET "/sys/class/net"
#define IP_PATH "/usr/sbin/ip"
#define UDHCPC_PATH "/usr/sbin/udhcpc"
#define DHCP_SCRIPT "/usr/sbin/node-dhcp-event"
#define NICS_MAX 8
#define ARPHRD_ETHER_TYPE 1

static int read_attr(const char *ifname, const char *attr, char *buf, size_t cap)
{
	char path[128];
	size_t len;

	if (snprintf(path, sizeof path, SYS_NET "/%s/%s", ifname, attr) >= (int)sizeof path ||
	    file_read_all(path, buf, cap - 1, &len) != 0)
		return -1;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	buf[len] = '\0';
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Ethernet interfaces (type 1, not lo), sorted. */
static size_t list_nics(char names[NICS_MAX][INSTALL_IFNAME_MAX])
{
	struct dirent *de;
	size_t n = 0;
	char type[16];
	DIR *d = opendir(SYS_NET);

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < NICS_MAX) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "lo") == 0 ||
		    strlen(de->d_name) >= INSTALL_IFNAME_MAX)
			continue;
		if (read_attr(de->d_name, "type", type, sizeof type) != 0 ||
		    atoi(type) != ARPHRD_ETHER_TYPE)
			continue;
		memcpy(names[n++], de->d_name, strlen(de->d_name) + 1);
	}
	(void)closedir(d);
	qsort(names, n, sizeof names[0], name_cmp);
	return n;
}

static int run(char *const argv[], char *err, size_t errcap)
{
	int st;

	if (child_run_wait(argv, &st, err, errcap) != 0)
		return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		err_set(err, errcap, "%s: %s %d", argv[0], WIFEXITED(st) ? "exit status" : "killed by signal",
			WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		return -1;
	}
	return 0;
}

static void mac_for_name(const char *ifname, char *mac)
{
	char raw[32];
	size_t i;

	if (read_attr(ifname, "address", raw, sizeof raw) != 0 || strlen(raw) != 17) {
		memcpy(mac, "unknown", sizeof "unknown");
		return;
	}
	for (i = 0; i < 17; i++)
		mac[i] = raw[i] == ':' ? '-' : raw[i];
	mac[17] = '\0';
}

int install_net_up(struct install_nic *nic, char *err, size_t errcap)
{
	char names[NICS_MAX][INSTALL_IFNAME_MAX], why[ERR_MAX], tried[ERR_MAX] = "";
	size_t n = 0, i, off = 0;
	int waited;

	for (waited = 0; (n = list_nics(names)) == 0 && waited < INSTALL_NIC_WAIT_MS; waited += 100)
		clock_sleep_ms(100);
	if (n == 0) {
		err_set(err, errcap, "no Ethernet interface appeared in %d s (is its driver in "
			"/etc/modules-install?)", INSTALL_NIC_WAIT_MS / 1000);
		return -1;
	}
	for (i = 0; i < n; i++) {
		char *up[] = { (char *)IP_PATH, (char *)"link", (char *)"set", (char *)"dev", names[i],
			       (char *)"up", NULL };
		/* -q: exit once bound; -n: give up after the tries instead of running forever;
		 * -t 5 -T 3: five discovers, 3 s apart (links to real switches take a few seconds) */
		char *dhcp[] = { (char *)UDHCPC_PATH, (char *)"-f", (char *)"-q", (char *)"-n",
				 (char *)"-t", (char *)"5", (char *)"-T", (char *)"3", (char *)"-i",
				 names[i], (char *)"-s", (char *)DHCP_SCRIPT, NULL };

		if (run(up, why, sizeof why) == 0 && run(dhcp, why, sizeof why) == 0) {
			memcpy(nic->name, names[i], strlen(names[i]) + 1);
			mac_for_name(names[i], nic->mac);
			return 0;
		}
		off += (size_t)snprintf(tried + off, off < sizeof tried ? sizeof tried - off : 0,
					"%s%s: %s", i ? "; " : "", names[i], why);
		if (off >= sizeof tried)
			off = sizeof tried - 1;
	}
	err_set(err, errcap, "no DHCP lease on any interface (%s)", tried);
	return -1;
}

int install_net_down(const struct install_nic *nic, char *err, size_t errcap)
{
	char *flush[] = { (char *)IP_PATH, (char *)"addr", (char *)"flush", (char *)"dev",
			  (char *)nic->name, NULL };
	char *down[] = { (char *)IP_PATH, (char *)"link", (char *)"set", (char *)"dev",
			 (char *)nic->name, (char *)"down", NULL };

	if (run(flush, err, errcap) != 0 || run(down, err, errcap) != 0)
		return -1;
	return 0;
}
