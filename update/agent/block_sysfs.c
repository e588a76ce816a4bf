#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block_sysfs.h"
#include "fs_util.h"

int block_disk_removable(const char *sys, const char *disk)
{
	char path[NU_PATH_MAX], buf[8];
	size_t len;

	return snprintf(path, sizeof path, "%s/block/%s/removable", sys, disk) < (int)sizeof path &&
	       file_read_small(path, buf, sizeof buf, &len, NULL) == 0 && len >= 1 && buf[0] == '1';
}

int block_disk_on_usb(const char *sys, const char *disk)
{
	char path[NU_PATH_MAX], real[PATH_MAX];

	if (snprintf(path, sizeof path, "%s/block/%s", sys, disk) >= (int)sizeof path ||
	    realpath(path, real) == NULL)
		return 0;
	return strstr(real, "/usb") != NULL;
}
