/*
 * nodefw status [--json]: is the node's firewall in force, what has it dropped, and where were
 * the dropped packets going (newest first). Reads the kernel's ruleset through nft.
 * Exit 0 when the table is in force, 1 when it is not, 111 when nft cannot be run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fw_listing.h"

#define NFT "/usr/sbin/nft"
#define LISTING_MAX (256 * 1024)

static char listing[LISTING_MAX];
static struct fw_report report;

/* nft list table FAMILY NAME into listing. Its exit status, or -1 with errno. */
static int nft_list(const char *family, const char *name, size_t *len)
{
	int p[2], st;
	pid_t pid;

	*len = 0;
	if (pipe(p) != 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (dup2(p[1], 1) < 0 || dup2(p[1], 2) < 0)
			_exit(127);
		close(p[0]);
		close(p[1]);
		execl(NFT, NFT, "list", "table", family, name, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	for (;;) {
		ssize_t n = read(p[0], listing + *len, sizeof listing - 1 - *len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
		if (*len == sizeof listing - 1)
			break;	/* the rest cannot fit; what is here is parsed */
	}
	listing[*len] = '\0';
	close(p[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int newest_first(const void *a, const void *b)
{
	const struct fw_dropped *x = a, *y = b;

	return x->expires_ms < y->expires_ms ? 1 : x->expires_ms > y->expires_ms ? -1 : 0;
}

static void print_text(void)
{
	unsigned i;

	printf("firewall: table inet node in force\n");
	printf("wire guard: %s\n", report.have_wire ? "table netdev node_wire in force"
						   : "none (no interface configured)");
	printf("drop counters (packets, bytes):\n");
	for (i = 0; i < report.counters; i++)
		printf("  %-20s %10llu %12llu\n", report.counter[i].name,
		       (unsigned long long)report.counter[i].packets,
		       (unsigned long long)report.counter[i].bytes);
	printf("dropped destinations, newest first (each kept %llus after its last drop):\n",
	       (unsigned long long)(report.timeout_ms / 1000));
	if (report.ndropped == 0)
		printf("  none\n");
	for (i = 0; i < report.ndropped; i++) {
		const struct fw_dropped *d = &report.dropped[i];
		uint64_t ago = report.timeout_ms > d->expires_ms ? report.timeout_ms - d->expires_ms : 0;

		printf("  %-40s %llus ago\n", d->addr, (unsigned long long)(ago / 1000));
	}
}

static void print_json(void)
{
	unsigned i;

	/* names and addresses come from the kernel's listing, parsed to plain characters */
	printf("{\"in_force\":true,\"wire_guard\":%s,\"counters\":{",
	       report.have_wire ? "true" : "false");
	for (i = 0; i < report.counters; i++)
		printf("%s\"%s\":{\"packets\":%llu,\"bytes\":%llu}", i ? "," : "",
		       report.counter[i].name, (unsigned long long)report.counter[i].packets,
		       (unsigned long long)report.counter[i].bytes);
	printf("},\"dropped\":[");
	for (i = 0; i < report.ndropped; i++) {
		const struct fw_dropped *d = &report.dropped[i];
		uint64_t ago = report.timeout_ms > d->expires_ms ? report.timeout_ms - d->expires_ms : 0;

		printf("%s{\"destination\":\"%s\",\"seconds_ago\":%llu}", i ? "," : "", d->addr,
		       (unsigned long long)(ago / 1000));
	}
	printf("]}\n");
}

/* Keeps JSON and the terminal safe from whatever the listing held. */
static void sanitise(char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      *s == '.' || *s == ':' || *s == '-' || *s == '_'))
			*s = '?';
}

int main(int argc, char **argv)
{
	int json = argc == 3 && strcmp(argv[2], "--json") == 0;
	size_t len;
	unsigned i;
	int rc;

	if (argc < 2 || strcmp(argv[1], "status") != 0 || (argc == 3 && !json) || argc > 3) {
		fprintf(stderr, "usage: nodefw status [--json]\n");
		return 2;
	}
	rc = nft_list("inet", "node", &len);
	if (rc < 0 || rc == 127) {
		fprintf(stderr, "nodefw: running %s: %s\n", NFT, rc < 0 ? strerror(errno) : "exec failed");
		return 111;
	}
	fw_listing_parse(listing, len, &report);
	if (rc != 0 || !report.have_table) {
		printf(json ? "{\"in_force\":false,\"why\":\"no table inet node\"}\n"
			    : "firewall: NOT in force: the kernel holds no table inet node\n");
		return 1;
	}
	/* the wire guard's counters; a site without configured interfaces has none */
	rc = nft_list("netdev", "node_wire", &len);
	if (rc < 0 || rc == 127) {
		fprintf(stderr, "nodefw: running %s: %s\n", NFT, rc < 0 ? strerror(errno) : "exec failed");
		return 111;
	}
	if (rc == 0)
		fw_listing_parse_wire(listing, len, &report);
	for (i = 0; i < report.counters; i++)
		sanitise(report.counter[i].name);
	for (i = 0; i < report.ndropped; i++)
		sanitise(report.dropped[i].addr);
	qsort(report.dropped, report.ndropped, sizeof report.dropped[0], newest_first);
	if (json)
		print_json();
	else
		print_text();
	if (fflush(stdout) != 0) {
		perror("nodefw: writing standard output");
		return 111;
	}
	return 0;
}
