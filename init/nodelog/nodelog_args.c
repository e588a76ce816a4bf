#include <stdio.h>
#include <string.h>

#include "log_size.h"
#include "log_store.h"
#include "nodelog_args.h"

/* Decimal digits only, at most max. 0 or -1. */
static int decimal(const char *s, size_t n, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t i;

	if (n == 0 || n > 10)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* UID:GID, both numbers; not root: the point is a user of its own that owns only the logs. */
static int user_parse(const char *s, uid_t *uid, gid_t *gid)
{
	const char *colon = strchr(s, ':');
	unsigned long long u, g;

	/* (uid_t)-1 means "unchanged" to the kernel: not a user */
	if (colon == NULL || decimal(s, (size_t)(colon - s), 4294967294ULL, &u) != 0 ||
	    decimal(colon + 1, strlen(colon + 1), 4294967294ULL, &g) != 0 || u == 0 || g == 0)
		return -1;
	*uid = (uid_t)u;
	*gid = (gid_t)g;
	return 0;
}

int nodelog_args_parse(int argc, char **argv, struct nodelog_args *a, char *why, size_t whycap)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	int i, have_size = 0, have_user = 0;

	memset(a, 0, sizeof *a);
	a->uid = NODELOG_USER_DEFAULT;
	a->gid = NODELOG_USER_DEFAULT;
	a->ready_fd = -1;
	for (i = 1; i < argc; i++) {
		const char *opt = argv[i];
		int left = argc - i - 1;

		if (strcmp(opt, "--dir") == 0 && left >= 1) {
			if (a->dir != NULL)
				goto twice;
			a->dir = argv[++i];
			if (a->dir[0] == '\0' || strlen(a->dir) >= LOG_DIR_MAX) {
				snprintf(why, whycap, "--dir: a directory name of 1 to %d bytes", LOG_DIR_MAX - 1);
				return -1;
			}
		} else if (strcmp(opt, "--size") == 0 && left >= 1) {
			if (have_size++)
				goto twice;
			if (log_size_parse(argv[++i], &a->size) != 0 || a->size < LOG_SIZE_MIN ||
			    a->size > LOG_SIZE_MAX) {
				snprintf(why, whycap, "--size %s: bytes with an optional suffix k, m or g (powers of 1024), from 64k to 4g",
					 argv[i]);
				return -1;
			}
		} else if (strcmp(opt, "--user") == 0 && left >= 1) {
			if (have_user++)
				goto twice;
			if (user_parse(argv[++i], &a->uid, &a->gid) != 0) {
				snprintf(why, whycap, "--user %s: UID:GID, two numbers other than 0 (root)", argv[i]);
				return -1;
			}
		} else if (strcmp(opt, "--forward") == 0 && left >= 3) {
			if (a->forward++)
				goto twice;
			if (strcmp(argv[i + 1], "udp") == 0) {
				a->proto = LOG_FORWARD_UDP;
			} else if (strcmp(argv[i + 1], "tcp") == 0) {
				a->proto = LOG_FORWARD_TCP;
			} else {
				snprintf(why, whycap, "--forward %s: the protocol is udp or tcp", argv[i + 1]);
				return -1;
			}
			a->addr = argv[i + 2];
			a->port = argv[i + 3];
			i += 3;
			if (log_forward_address(a->addr, a->port, &ss, &sslen) != 0) {
				snprintf(why, whycap, "--forward %s %s: an IPv4 or IPv6 address (no names) and a port from 1 to 65535",
					 a->addr, a->port);
				return -1;
			}
		} else if (strcmp(opt, "--ready-fd") == 0 && left >= 1) {
			unsigned long long fd;

			if (a->ready_fd >= 0)
				goto twice;
			i++;
			/* 0-2 are stdin, stdout and stderr, which the readiness line must not close */
			if (decimal(argv[i], strlen(argv[i]), 65535, &fd) != 0 || fd < 3) {
				snprintf(why, whycap, "--ready-fd %s: a file descriptor number from 3 to 65535", argv[i]);
				return -1;
			}
			a->ready_fd = (int)fd;
		} else if (strcmp(opt, "--kmsg") == 0 && left >= 1) {
			if (a->kmsg != NULL)
				goto twice;
			a->kmsg = argv[++i];
		} else {
			snprintf(why, whycap, "%s: unknown option, or its value is missing", opt);
			return -1;
		}
	}
	if (a->dir == NULL || !have_size) {
		snprintf(why, whycap, "--dir and --size are required");
		return -1;
	}
	if (a->kmsg == NULL)
		a->kmsg = NODELOG_KMSG_DEFAULT;
	return 0;
twice:
	snprintf(why, whycap, "%s given twice", argv[i]);
	return -1;
}
