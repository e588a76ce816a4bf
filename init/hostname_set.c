#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "errbuf.h"
#include "fileio.h"
#include "hostname_set.h"

#define HOSTNAME_NODE_FILE "/var/lib/node/hostname"	/* this node's name, written at install */
#define HOSTNAME_IMAGE_FILE "/etc/hostname"		/* the image's default for every node */

static int host_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.';
}

/* 1 with the name set from file, 0 when the file is absent or empty, -1 with err. */
static int set_from(const char *file, char *name, size_t cap, char *err, size_t errcap)
{
	char buf[256];
	size_t len, s = 0, e, i;

	if (file_read_all(file, buf, sizeof buf, &len) != 0) {
		if (errno == ENOENT)
			return 0;
		err_set(err, errcap, "read %s: %s", file, strerror(errno));
		return -1;
	}
	while (s < len && (buf[s] == ' ' || buf[s] == '\t'))
		s++;
	e = s;
	while (e < len && buf[e] != '\n')
		e++;
	while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t' || buf[e - 1] == '\r'))
		e--;
	if (e == s)
		return 0;
	if (e - s > HOSTNAME_LEN_MAX || e - s >= cap) {
		err_set(err, errcap, "%s: name longer than %d bytes", file, HOSTNAME_LEN_MAX);
		return -1;
	}
	for (i = s; i < e; i++) {
		if (!host_char_ok(buf[i])) {
			err_set(err, errcap, "%s: character 0x%02x not allowed in a hostname", file,
				(unsigned char)buf[i]);
			return -1;
		}
	}
	memcpy(name, buf + s, e - s);
	name[e - s] = '\0';
	if (sethostname(name, e - s) != 0) {
		err_set(err, errcap, "sethostname %s: %s", name, strerror(errno));
		return -1;
	}
	return 1;
}

int hostname_set(char *name, size_t cap, const char **source, char *err, size_t errcap)
{
	int r = set_from(HOSTNAME_NODE_FILE, name, cap, err, errcap);

	*source = HOSTNAME_NODE_FILE;
	if (r != 0)
		return r;
	*source = HOSTNAME_IMAGE_FILE;
	return set_from(HOSTNAME_IMAGE_FILE, name, cap, err, errcap);
}
