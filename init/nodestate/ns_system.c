/* Uptime (/proc/uptime), memory (/proc/meminfo) and the data partition's use (statvfs /var). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

#include "nodestate.h"

#define U64_DIGITS_MAX 19	/* below 2^64 without overflow checks */

/* Decimal digits at s[*i..]; at least one, at most U64_DIGITS_MAX. */
static int digits(const char *s, size_t len, size_t *i, uint64_t *out)
{
	size_t start = *i;

	*out = 0;
	while (*i < len && s[*i] >= '0' && s[*i] <= '9' && *i - start < U64_DIGITS_MAX)
		*out = *out * 10 + (uint64_t)(s[(*i)++] - '0');
	return *i > start && !(*i < len && s[*i] >= '0' && s[*i] <= '9') ? 0 : -1;
}

static void uptime(struct node_state *st, const char *root)
{
	char buf[NS_SMALL_FILE_MAX], why[NS_ERR_MAX];
	uint64_t sec, frac = 0;
	size_t len, i = 0, fd;
	int rc = ns_file_read(root, NS_UPTIME, buf, sizeof buf, &len, why, sizeof why);

	if (rc != 0) {
		ns_fail(st, NS_SRC_UPTIME, "%s", rc > 0 ? NS_UPTIME " does not exist" : why);
		return;
	}
	/* "12345.67 23456.78\n": seconds up, then idle time */
	if (digits(buf, len, &i, &sec) != 0 || i >= len || buf[i] != '.') {
		ns_fail(st, NS_SRC_UPTIME, "%s: does not start with \"<seconds>.<fraction>\"",
			NS_UPTIME);
		return;
	}
	i++;
	fd = i;
	if (digits(buf, len, &i, &frac) != 0 || i - fd > 9 || i >= len || (buf[i] != ' ' &&
								       buf[i] != '\n')) {
		ns_fail(st, NS_SRC_UPTIME, "%s: bad fraction of a second", NS_UPTIME);
		return;
	}
	if (sec > UINT64_MAX / 1000 - 1000) {
		ns_fail(st, NS_SRC_UPTIME, "%s: %llu seconds is out of range", NS_UPTIME,
			(unsigned long long)sec);
		return;
	}
	for (; i - fd < 3; fd--)
		frac *= 10;	/* to milliseconds */
	for (; i - fd > 3; fd++)
		frac /= 10;
	st->uptime_ms = sec * 1000 + frac;
	st->known[NS_SRC_UPTIME] = 1;
}

/* "Key:   123 kB" anywhere in buf (lines start at 0 or after '\n'). 0, 1 absent, -1 malformed. */
static int meminfo_kb(const char *buf, size_t len, const char *key, uint64_t *bytes)
{
	size_t k = strlen(key), pos = 0, i;
	uint64_t kb;

	while (pos < len) {
		const char *l = buf + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - l) : len - pos;

		pos += n + 1;
		if (n <= k || memcmp(l, key, k) != 0 || l[k] != ':')
			continue;
		for (i = k + 1; i < n && l[i] == ' '; i++)
			;
		if (digits(l, n, &i, &kb) != 0 || n - i != 3 || memcmp(l + i, " kB", 3) != 0 ||
		    kb > UINT64_MAX / 1024)
			return -1;
		*bytes = kb * 1024;
		return 0;
	}
	return 1;
}

static void memory(struct node_state *st, const char *root)
{
	char buf[NS_PROC_FILE_MAX], why[NS_ERR_MAX];
	size_t len;
	int rc = ns_file_read(root, NS_MEMINFO, buf, sizeof buf, &len, why, sizeof why);

	if (rc != 0) {
		ns_fail(st, NS_SRC_MEMORY, "%s", rc > 0 ? NS_MEMINFO " does not exist" : why);
		return;
	}
	rc = meminfo_kb(buf, len, "MemTotal", &st->mem_total);
	if (rc == 0)
		rc = meminfo_kb(buf, len, "MemAvailable", &st->mem_available);
	if (rc != 0) {
		ns_fail(st, NS_SRC_MEMORY, "%s: %s", NS_MEMINFO, rc > 0 ?
			"no MemTotal or no MemAvailable line" :
			"a MemTotal or MemAvailable line is not \"Key: <number> kB\"");
		return;
	}
	st->known[NS_SRC_MEMORY] = 1;
}

static void var(struct node_state *st, const char *root)
{
	char path[NS_PATH_MAX];
	struct statvfs vfs;

	if (ns_path(path, sizeof path, root, NS_VAR) != 0) {
		ns_fail(st, NS_SRC_VAR, "path %s under %s is too long", NS_VAR, root);
		return;
	}
	if (statvfs(path, &vfs) != 0) {
		ns_fail(st, NS_SRC_VAR, "statvfs %s: %s", path, strerror(errno));
		return;
	}
	st->var_size = (uint64_t)vfs.f_blocks * vfs.f_frsize;
	st->var_free = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	st->var_used = (uint64_t)(vfs.f_blocks - vfs.f_bfree) * vfs.f_frsize;
	st->known[NS_SRC_VAR] = 1;
}

void ns_collect_system(struct node_state *st, const char *root)
{
	uptime(st, root);
	memory(st, root);
	var(st, root);
}
