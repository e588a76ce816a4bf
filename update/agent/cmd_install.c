#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "install.h"

int cmd_install(struct agent *a, const char *file, struct upd_error *err)
{
	const char *name = strcmp(file, "-") == 0 ? "(stdin)" : file;
	int fd, rc;

	if (agent_identify(a, err) < 0)
		return -1;
	fd = strcmp(file, "-") == 0 ? STDIN_FILENO : open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening bundle %s: %s", file, strerror(errno));
	rc = agent_lock(a, LOCK_WAIT_MS, err);
	if (rc == 1)
		rc = upd_fail(err, UPD_ERR_SYS, "another nodeupdate holds %s/%s (an install in "
			      "progress?)", a->state_dir, LOCK_FILE_NAME);
	if (rc == 0)
		rc = install_bundle(a, fd, name, err);
	agent_unlock(a);
	if (fd != STDIN_FILENO)
		(void)close(fd);
	return rc;
}
