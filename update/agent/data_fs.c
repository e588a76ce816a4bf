#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "agent.h"
#include "data_fs.h"
#include "fs_util.h"
#include "tool_run.h"

#define DATA_LABEL "data"
#define NODE_KEY_TAG "node-key"           /* init/seal_format.h SEAL_SECRET_TAG */

/* mkdir with exactly mode, whatever the umask. */
static int dir_at(const char *root, const char *rel, unsigned mode, struct upd_error *err)
{
	char path[NU_PATH_MAX];

	if (path_join(path, sizeof path, root, rel, err) < 0)
		return -1;
	if (mkdir(path, (mode_t)mode) < 0 && errno != EEXIST)
		return upd_fail(err, UPD_ERR_SYS, "creating %s: %s", path, strerror(errno));
	if (chmod(path, (mode_t)mode) < 0)
		return upd_fail(err, UPD_ERR_SYS, "chmod %s: %s", path, strerror(errno));
	return 0;
}

/* A new file with exactly mode and content, fsynced. */
static int file_at(const char *root, const char *rel, unsigned mode, const char *buf, size_t len,
		   struct upd_error *err)
{
	char path[NU_PATH_MAX];
	int fd, e;

	if (path_join(path, sizeof path, root, rel, err) < 0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "creating %s: %s", path, strerror(errno));
	if (fchmod(fd, (mode_t)mode) < 0 || fd_write_all(fd, buf, len) < 0 || fsync(fd) < 0) {
		e = errno;
		(void)close(fd);
		return upd_fail(err, UPD_ERR_SYS, "writing %s: %s", path, strerror(e));
	}
	if (close(fd) < 0)
		return upd_fail(err, UPD_ERR_SYS, "closing %s: %s", path, strerror(errno));
	return 0;
}

static int sync_at(const char *root, const char *rel, struct upd_error *err)
{
	char path[NU_PATH_MAX];

	if (path_join(path, sizeof path, root, rel, err) < 0)
		return -1;
	return dir_fsync(path, err);
}

/* STATE_DIR_DEFAULT as a path on the data file system: /var/lib/nodeupdate -> lib/nodeupdate. */
static int state_rel(char *out, size_t cap, struct upd_error *err)
{
	size_t n = strlen(DATA_MOUNT_ROOT "/");

	if (strncmp(STATE_DIR_DEFAULT, DATA_MOUNT_ROOT "/", n) != 0 ||
	    snprintf(out, cap, "%s", STATE_DIR_DEFAULT + n) >= (int)cap)
		return upd_fail(err, UPD_ERR_SYS, "the state directory %s is not under %s",
				STATE_DIR_DEFAULT, DATA_MOUNT_ROOT);
	return 0;
}

static int seed(const char *root, const struct provision_conf *c, const struct agent_state *st,
		struct upd_error *err)
{
	char key[sizeof NODE_KEY_TAG + PROVISION_NODE_KEY_HEX + 2], host[PROVISION_HOSTNAME_MAX + 2];
	char state_dir[NU_PATH_MAX], rel[64];
	int n, rc;

	if (state_rel(rel, sizeof rel, err) < 0)
		return -1;
	n = snprintf(key, sizeof key, "%s %s\n", NODE_KEY_TAG, c->node_key);
	rc = dir_at(root, "lib", 0755, err) < 0 || dir_at(root, "lib/node", 0700, err) < 0 ||
	     file_at(root, "lib/node/node.key", 0600, key, (size_t)n, err) < 0 ? -1 : 0;
	sodium_memzero(key, sizeof key);
	if (rc < 0)
		return -1;
	n = snprintf(host, sizeof host, "%s\n", c->hostname);
	if (file_at(root, "lib/node/hostname", 0644, host, (size_t)n, err) < 0 ||
	    dir_at(root, rel, 0700, err) < 0 ||
	    path_join(state_dir, sizeof state_dir, root, rel, err) < 0 ||
	    state_save(state_dir, st, err) < 0)
		return -1;
	return sync_at(root, "lib/node", err) < 0 || sync_at(root, "lib", err) < 0 ||
	       dir_fsync(root, err) < 0 ? -1 : 0;
}

int data_fs_make(const char *dev, const char *mountpoint, const struct provision_conf *c,
		 const struct agent_state *st, struct upd_error *err)
{
	char *const argv[] = { MKE2FS_PATH, "-q", "-t", "ext4", "-L", DATA_LABEL, "-E",
			       "lazy_itable_init=0", (char *)dev, NULL };
	int rc;

	if (tool_run(argv, err) < 0 || dir_make(mountpoint, 0700, err) < 0)
		return -1;
	if (mount(dev, mountpoint, "ext4", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME, "") < 0)
		return upd_fail(err, UPD_ERR_SYS, "mounting %s on %s (ext4): %s", dev, mountpoint,
				strerror(errno));
	rc = seed(mountpoint, c, st, err);
	if (umount2(mountpoint, 0) < 0) {
		if (rc == 0)
			return upd_fail(err, UPD_ERR_SYS, "unmounting %s from %s: %s", dev,
					mountpoint, strerror(errno));
		agent_warn("provision: unmounting %s from %s: %s", dev, mountpoint, strerror(errno));
	}
	return rc;
}
