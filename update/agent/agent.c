#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "agent.h"
#include "booted_slot.h"
#include "fs_util.h"
#include "os_release.h"

void agent_defaults(struct agent *a)
{
	memset(a, 0, sizeof *a);
	a->keys_dir = "/etc/node/update-keys";
	a->state_dir = STATE_DIR_DEFAULT;
	a->esp_mountpoint = ESP_MOUNT_DEFAULT;
	a->efivars_dir = EFIVARS_DIR_DEFAULT;
	a->os_release = OS_RELEASE_DEFAULT;
	a->cmdline = CMDLINE_DEFAULT;
	a->esp_template = ESP_TEMPLATE_DEFAULT;
	a->lock_fd = -1;
}

void agent_warn(const char *fmt, ...)
{
	char line[2 * UPD_ERROR_MAX];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	if (vsnprintf(line, sizeof line, fmt, ap) < 0)
		line[0] = '\0';
	va_end(ap);
	/* messages can quote bytes of an untrusted bundle: one line, no control bytes */
	for (i = 0; line[i] != '\0'; i++)
		if ((unsigned char)line[i] < 0x20 || (unsigned char)line[i] > 0x7e)
			line[i] = '?';
	fprintf(stderr, "nodeupdate: %s\n", line);
}

static int installed_from_os_release(struct agent *a, struct upd_error *err)
{
	char buf[OS_RELEASE_MAX + 1], v[VERSION_STR_MAX + 8];
	size_t len;
	int rc = file_read_small(a->os_release, buf, sizeof buf, &len, err);

	if (rc == 1)
		return upd_fail(err, UPD_ERR_SYS, "%s does not exist", a->os_release);
	if (rc < 0)
		return -1;
	rc = os_release_value(buf, len, "IMAGE_VERSION", v, sizeof v, err);
	if (rc < 0) {
		upd_error_prefix(err, "%s: ", a->os_release);
		return -1;
	}
	if (rc == 0)
		return upd_fail(err, UPD_ERR_SYS, "%s has no IMAGE_VERSION", a->os_release);
	if (version_parse(v, strlen(v), &a->installed, err) < 0) {
		upd_error_prefix(err, "%s: IMAGE_VERSION: ", a->os_release);
		return -1;
	}
	return 0;
}

int agent_identify(struct agent *a, struct upd_error *err)
{
	char how[128];

	if (a->booted == 0 &&
	    booted_slot_detect(a->cmdline, a->efivars_dir, &a->booted, how, sizeof how, err) < 0)
		return -1;
	if (a->installed_opt != NULL) {
		if (version_parse(a->installed_opt, strlen(a->installed_opt), &a->installed, err) < 0) {
			upd_error_prefix(err, "--installed-version: ");
			return -1;
		}
		return 0;
	}
	return installed_from_os_release(a, err);
}

int agent_lock(struct agent *a, int wait_ms, struct upd_error *err)
{
	char path[NU_PATH_MAX];
	int waited = 0;

	if (dir_make(a->state_dir, 0700, err) < 0 ||
	    path_join(path, sizeof path, a->state_dir, LOCK_FILE_NAME, err) < 0)
		return -1;
	a->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (a->lock_fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening the lock %s: %s", path, strerror(errno));
	while (flock(a->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			int e = errno;

			agent_unlock(a);
			return upd_fail(err, UPD_ERR_SYS, "locking %s: %s", path, strerror(e));
		}
		if (waited >= wait_ms) {
			agent_unlock(a);
			return 1;
		}
		(void)usleep(100000);
		waited += 100;
	}
	return 0;
}

void agent_unlock(struct agent *a)
{
	if (a->lock_fd >= 0)
		(void)close(a->lock_fd);
	a->lock_fd = -1;
}

int agent_run_locked(struct agent *a, int (*fn)(struct agent *, struct upd_error *),
		     struct upd_error *err)
{
	int rc;

	if (agent_identify(a, err) < 0)
		return -1;
	rc = agent_lock(a, LOCK_WAIT_MS, err);
	if (rc == 1)
		return upd_fail(err, UPD_ERR_SYS, "another nodeupdate holds %s/%s", a->state_dir,
				LOCK_FILE_NAME);
	if (rc == 0)
		rc = fn(a, err);
	agent_unlock(a);
	return rc;
}

int agent_find_disk(struct agent *a, struct upd_error *err)
{
	if (a->nd.disk[0] != '\0')
		return 0;
	return node_disk_find(a->disk, a->booted, &a->nd, err);
}

int agent_esp_open(struct agent *a, struct upd_error *err)
{
	if (agent_find_disk(a, err) < 0)
		return -1;
	return esp_mount(&a->esp, a->nd.esp.dev, a->esp_mountpoint, err);
}

void agent_esp_close(struct agent *a)
{
	struct upd_error err;

	if (esp_unmount(&a->esp, &err) < 0)
		agent_warn("%s", err.msg);
}
