/* /run/node/services (init/service_status.h): "<name> <state> <pid> <restarts> <last-exit>". */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "nodestate.h"

#define FIELDS 5

static int is_digits(const char *s, size_t n, size_t max)
{
	size_t i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* One line (no newline) into row. 0, or -1 with why. */
static int line_parse(const char *l, size_t n, struct ns_service *row, char *why, size_t whycap)
{
	static const char *const states[] = { "starting", "up", "down", "done", "failed" };
	const char *f[FIELDS];
	size_t fl[FIELDS], i, k = 0, start = 0;
	unsigned long long restarts = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && l[i] != ' ') {
			if (l[i] < 0x21 || l[i] > 0x7e) {
				snprintf(why, whycap, "byte %zu is not printable ASCII", i + 1);
				return -1;
			}
			continue;
		}
		if (i == start || k == FIELDS) {
			snprintf(why, whycap, "not \"<name> <state> <pid> <restarts> <last-exit>\"");
			return -1;
		}
		f[k] = l + start;
		fl[k++] = i - start;
		start = i + 1;
	}
	if (k != FIELDS) {
		snprintf(why, whycap, "%zu fields, want %d", k, FIELDS);
		return -1;
	}
	if (fl[0] > SERVICE_NAME_MAX) {
		snprintf(why, whycap, "service name longer than %d bytes", SERVICE_NAME_MAX);
		return -1;
	}
	for (i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strlen(states[i]) == fl[1] && memcmp(states[i], f[1], fl[1]) == 0)
			break;
	if (i == sizeof states / sizeof states[0]) {
		snprintf(why, whycap, "unknown state \"%.*s\"", (int)(fl[1] > 16 ? 16 : fl[1]), f[1]);
		return -1;
	}
	if (!(fl[2] == 1 && f[2][0] == '-') && !is_digits(f[2], fl[2], 10)) {
		snprintf(why, whycap, "pid is neither \"-\" nor a number");
		return -1;
	}
	if (!is_digits(f[3], fl[3], 10)) {
		snprintf(why, whycap, "restarts is not a number");
		return -1;
	}
	for (i = 0; i < fl[3]; i++)
		restarts = restarts * 10 + (unsigned)(f[3][i] - '0');
	if (restarts > UINT_MAX) {
		snprintf(why, whycap, "restarts is larger than %u", UINT_MAX);
		return -1;
	}
	if (!(fl[4] == 1 && f[4][0] == '-') && !is_digits(f[4], fl[4], 10)) {
		snprintf(why, whycap, "last exit status is neither \"-\" nor a number");
		return -1;
	}
	memcpy(row->name, f[0], fl[0]);
	row->name[fl[0]] = '\0';
	memcpy(row->state, f[1], fl[1]);
	row->state[fl[1]] = '\0';
	row->restarts = (unsigned)restarts;
	return 0;
}

void ns_collect_services(struct node_state *st, const char *root)
{
	char buf[NS_SERVICES_FILE_MAX], why[NS_ERR_MAX];
	size_t len, pos = 0;
	unsigned line = 0;
	int rc = ns_file_read(root, NS_SERVICES, buf, sizeof buf, &len, why, sizeof why);

	st->nsvc = 0;
	if (rc != 0) {
		ns_fail(st, NS_SRC_SERVICES, "%s", rc > 0 ? NS_SERVICES " does not exist (init not "
			"in stage 2, or it could not write it)" : why);
		return;
	}
	if (len > 0 && buf[len - 1] != '\n') {
		ns_fail(st, NS_SRC_SERVICES, "%s does not end with a newline", NS_SERVICES);
		return;
	}
	/* rows before a bad line are kept (and shown); the source still counts as failed */
	while (pos < len) {
		const char *l = buf + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = (size_t)(nl - l);

		pos += n + 1;
		line++;
		if (st->nsvc == SERVICES_MAX) {
			ns_fail(st, NS_SRC_SERVICES, "%s: more than %d services", NS_SERVICES,
				SERVICES_MAX);
			return;
		}
		if (line_parse(l, n, &st->svc[st->nsvc], why, sizeof why) != 0) {
			ns_fail(st, NS_SRC_SERVICES, "%s line %u: %s", NS_SERVICES, line, why);
			return;
		}
		st->nsvc++;
	}
	st->known[NS_SRC_SERVICES] = 1;
}
