#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "errbuf.h"
#include "fileio.h"
#include "fs_protect.h"

static const struct {
	const char *path, *value;
} settings[] = {
	{ "/proc/sys/fs/protected_hardlinks", "1" },	/* link only what you own or may write */
	{ "/proc/sys/fs/protected_symlinks", "1" },	/* no following others' links in sticky dirs */
	{ "/proc/sys/fs/protected_fifos", "2" },	/* no O_CREAT onto others' FIFOs there */
	{ "/proc/sys/fs/protected_regular", "2" },	/* ... nor onto others' regular files */
};

int fs_protect(char *err, size_t errcap)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		int fd = open(settings[i].path, O_WRONLY | O_CLOEXEC);
		int bad = fd < 0 || fd_write_all(fd, settings[i].value, strlen(settings[i].value)) != 0;

		if (fd >= 0 && close(fd) != 0)
			bad = 1;
		if (bad && rc == 0) {
			err_set(err, errcap, "write %s to %s: %s", settings[i].value, settings[i].path,
				strerror(errno));
			rc = -1;
		}
	}
	return rc;
}
