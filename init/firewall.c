#include <string.h>
#include <sys/wait.h>

#include "child_run.h"
#include "errbuf.h"
#include "firewall.h"
#include "firewall_check.h"

#define NFT_OUTPUT_MAX (64 * 1024)

static char nft_out[NFT_OUTPUT_MAX];

/* The first line of nft's complaint, for the console: nft puts the file and line there. */
static void first_line(char *dst, size_t cap, const char *src)
{
	size_t n = strcspn(src, "\n");

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int nft(char *const argv[], const char *what, char *err, size_t errcap)
{
	char line[160];
	size_t len;
	int st;

	if (child_run_capture(argv, nft_out, sizeof nft_out, &len, &st, err, errcap) != 0)
		return -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	first_line(line, sizeof line, nft_out);
	if (WIFEXITED(st))
		err_set(err, errcap, "%s: nft exited status %d: %s", what, WEXITSTATUS(st),
			line[0] != '\0' ? line : "(no message)");
	else
		err_set(err, errcap, "%s: nft killed by signal %d", what, WTERMSIG(st));
	return -1;
}

int firewall_up(char *err, size_t errcap)
{
	char *load[] = { (char *)NFT_PATH, (char *)"-f", (char *)FIREWALL_RULES, NULL };
	char *list[] = { (char *)NFT_PATH, (char *)"list", (char *)"table", (char *)"inet",
			 (char *)FIREWALL_TABLE, NULL };
	char why[160];

	if (nft(load, "loading " FIREWALL_RULES, err, errcap) != 0 ||
	    nft(list, "listing table inet " FIREWALL_TABLE, err, errcap) != 0)
		return -1;
	if (firewall_check_listing(nft_out, strlen(nft_out), why, sizeof why) != 0) {
		err_set(err, errcap, "loaded %s, but the kernel's ruleset is not in force: %s",
			FIREWALL_RULES, why);
		return -1;
	}
	return 0;
}
