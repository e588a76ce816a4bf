#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../fileio.h"
#include "../os_release.h"
#include "boot_info.h"

/* A one-character file ("a\n"): that character, or 0 if absent or anything else. */
static char one_char(const char *path)
{
	char buf[8];
	size_t len;

	if (file_read_all(path, buf, sizeof buf, &len) != 0 || len == 0 || (len > 1 && buf[1] != '\n') ||
	    len > 2)
		return 0;
	return buf[0];
}

int boot_info_read(struct log_boot_info *info, char *why, size_t whycap)
{
	char buf[4096];
	size_t len;
	char c;

	memset(info, 0, sizeof *info);
	if (file_read_all(BOOT_INFO_BOOT_ID, buf, sizeof buf, &len) != 0) {
		snprintf(why, whycap, "read %s: %s", BOOT_INFO_BOOT_ID, strerror(errno));
		return -1;
	}
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (!log_boot_id_valid(buf, len)) {
		snprintf(why, whycap, "%s: not a UUID", BOOT_INFO_BOOT_ID);
		return -1;
	}
	memcpy(info->boot_id, buf, LOG_BOOT_ID_LEN);
	if (file_read_all(BOOT_INFO_OS_RELEASE, buf, sizeof buf, &len) != 0 ||
	    os_release_value(buf, len, "IMAGE_VERSION", info->version, sizeof info->version) != 0)
		info->version[0] = '\0';
	/* gethostname truncates silently on some libcs: terminate it ourselves */
	if (gethostname(info->host, sizeof info->host) != 0)
		info->host[0] = '\0';
	info->host[sizeof info->host - 1] = '\0';
	c = one_char(BOOT_INFO_SLOT);
	info->slot = c == 'a' || c == 'b' ? c : '?';
	c = one_char(BOOT_INFO_TRIAL);
	info->trial = c == '1' ? 1 : c == '0' ? 0 : -1;
	return 0;
}
