#include <errno.h>
#include <string.h>

#include "cmdline_load.h"
#include "errbuf.h"
#include "fileio.h"

int cmdline_load(struct node_cmdline *c, char *err, size_t errcap)
{
	char buf[CMDLINE_MAX];
	char why[ERR_MAX];
	size_t len;

	if (file_read_all("/proc/cmdline", buf, sizeof buf, &len) != 0) {
		err_set(err, errcap, "read /proc/cmdline: %s", strerror(errno));
		return -1;
	}
	if (cmdline_parse(buf, len, c, why, sizeof why) != 0) {
		err_set(err, errcap, "/proc/cmdline: %s", why);
		return -1;
	}
	return 0;
}
