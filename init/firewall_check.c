#include <stdio.h>
#include <string.h>

#include "firewall_check.h"

/* The line of text that holds "hook <hook> priority", or NULL. */
static const char *hook_line(const char *text, size_t len, const char *hook, size_t *line_len)
{
	char want[48];
	size_t pos = 0, wl;

	wl = (size_t)snprintf(want, sizeof want, "type filter hook %s priority ", hook);
	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - l) : len - pos;
		size_t i = 0;

		pos += n + 1;
		while (i < n && (l[i] == ' ' || l[i] == '\t'))
			i++;
		if (n - i >= wl && memcmp(l + i, want, wl) == 0) {
			*line_len = n;
			return l;
		}
	}
	return NULL;
}

static int contains(const char *l, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(l + i, needle, k) == 0)
			return 1;
	return 0;
}

int firewall_check_listing(const char *text, size_t len, char *why, size_t cap)
{
	static const char *const hooks[] = { "input", "forward", "output" };
	const char *head = "table inet " FIREWALL_TABLE " {";
	size_t i;

	if (len < strlen(head) || memcmp(text, head, strlen(head)) != 0) {
		snprintf(why, cap, "no table inet %s", FIREWALL_TABLE);
		return -1;
	}
	for (i = 0; i < sizeof hooks / sizeof hooks[0]; i++) {
		size_t n = 0;
		const char *l = hook_line(text, len, hooks[i], &n);

		if (l == NULL) {
			snprintf(why, cap, "table inet %s has no %s hook", FIREWALL_TABLE, hooks[i]);
			return -1;
		}
		if (!contains(l, n, "; policy drop;")) {
			snprintf(why, cap, "the %s hook's policy is not drop", hooks[i]);
			return -1;
		}
	}
	return 0;
}
