#include "fsmagic.h"

int fsmagic_is_initramfs(unsigned long f_type)
{
	return f_type == RAMFS_MAGIC_VALUE || f_type == TMPFS_MAGIC_VALUE;
}
