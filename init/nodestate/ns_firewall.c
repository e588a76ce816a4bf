/*
 * The firewall's drop counters, the way `nodefw status` reads them: `nft list table inet node`
 * and `nft list table netdev node_wire`, parsed by init/nodefw/fw_listing.c. nft runs with a
 * deadline: a hung nft fails the source instead of the scrape.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nodestate.h"

void (*ns_nft_child_hook)(void);

static char listing[NS_NFT_OUTPUT_MAX];

/* nft list table FAMILY NAME into listing (stdout and stderr). Its exit status, or -1 with why. */
static int nft_list(const char *nft, const char *family, const char *name, size_t *len,
		    char *why, size_t whycap)
{
	long long deadline = ns_now_ms() + NS_NFT_TIMEOUT_MS;
	int p[2], st, timed_out = 0, e;
	pid_t pid;

	*len = 0;
	if (pipe2(p, O_CLOEXEC) != 0) {
		snprintf(why, whycap, "pipe for %s: %s", nft, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		e = errno;
		(void)close(p[0]);
		(void)close(p[1]);
		snprintf(why, whycap, "fork for %s: %s", nft, strerror(e));
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(p[1], 1) < 0 || dup2(p[1], 2) < 0)
			_exit(127);
		if (ns_nft_child_hook != NULL)
			ns_nft_child_hook();
		execl(nft, nft, "list", "table", family, name, (char *)NULL);
		_exit(127);
	}
	(void)close(p[1]);
	for (;;) {
		struct pollfd pfd = { p[0], POLLIN, 0 };
		long long left = deadline - ns_now_ms();
		ssize_t n;
		int r;

		if (left <= 0) {
			timed_out = 1;
			break;
		}
		r = poll(&pfd, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			snprintf(why, whycap, "poll on %s's output: %s", nft, strerror(e));
			timed_out = 1;	/* kill and reap it below, then fail */
			break;
		}
		if (r == 0)
			continue;	/* the deadline check above ends it */
		n = read(p[0], listing + *len, sizeof listing - 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
		if (*len == sizeof listing - 1)
			break;	/* the rest cannot fit; what is here is parsed, like nodefw */
	}
	listing[*len] = '\0';
	(void)close(p[0]);
	if (timed_out)
		(void)kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			snprintf(why, whycap, "waiting for %s: %s", nft, strerror(errno));
			return -1;
		}
	if (timed_out) {
		if (why[0] == '\0')
			snprintf(why, whycap, "%s list table %s %s: no answer within %d ms (killed)",
				 nft, family, name, NS_NFT_TIMEOUT_MS);
		return -1;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* nft's first line, made printable, for an error message. */
static void first_line(char *out, size_t cap, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < cap && i < len && listing[i] != '\n'; i++)
		out[i] = listing[i] >= 0x20 && listing[i] <= 0x7e ? listing[i] : '?';
	out[cap ? i : 0] = '\0';
	if (i == 0 && cap > 6)
		snprintf(out, cap, "(no output)");
}

static int table_absent(size_t len)
{
	/* "Error: No such file or directory" (nft 1.0): the table is not loaded */
	return len > 0 && memmem(listing, len, "No such file or directory", 25) != NULL;
}

static void sanitise(char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      *s == '.' || *s == ':' || *s == '-' || *s == '_'))
			*s = '?';
}

void ns_collect_firewall(struct node_state *st, const char *root)
{
	char nft[NS_PATH_MAX], why[NS_ERR_MAX] = "", line[160];
	size_t len;
	unsigned i;
	int rc;

	memset(&st->fw, 0, sizeof st->fw);
	if (ns_path(nft, sizeof nft, root, NS_NFT) != 0) {
		ns_fail(st, NS_SRC_FIREWALL, "path %s under %s is too long", NS_NFT, root);
		return;
	}
	rc = nft_list(nft, "inet", "node", &len, why, sizeof why);
	if (rc < 0 || rc == 127) {
		ns_fail(st, NS_SRC_FIREWALL, "%s", rc < 0 ? why : "running nft: exec failed "
			"(missing, or not executable)");
		return;
	}
	if (rc != 0) {
		if (table_absent(len)) {
			st->known[NS_SRC_FIREWALL] = 1;	/* known: the table is not in force */
			return;
		}
		first_line(line, sizeof line, len);
		ns_fail(st, NS_SRC_FIREWALL, "%s list table inet node: exit status %d: %s", nft, rc,
			line);
		return;
	}
	fw_listing_parse(listing, len, &st->fw);
	rc = nft_list(nft, "netdev", "node_wire", &len, why, sizeof why);
	if (rc < 0 || rc == 127) {
		ns_fail(st, NS_SRC_FIREWALL, "%s", rc < 0 ? why : "running nft: exec failed");
		return;
	}
	if (rc == 0)
		fw_listing_parse_wire(listing, len, &st->fw);
	else if (!table_absent(len)) {	/* absent: a site without configured interfaces */
		first_line(line, sizeof line, len);
		ns_fail(st, NS_SRC_FIREWALL, "%s list table netdev node_wire: exit status %d: %s",
			nft, rc, line);
		return;
	}
	for (i = 0; i < st->fw.counters; i++)
		sanitise(st->fw.counter[i].name);
	for (i = 0; i < st->fw.ndropped; i++)
		sanitise(st->fw.dropped[i].addr);
	st->known[NS_SRC_FIREWALL] = 1;
}
