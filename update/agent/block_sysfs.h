/* What sysfs says about a whole disk, under a sysfs root ("/sys", or a fake tree in a test):
 * shared by watch's media (what to mount) and provision (what never to overwrite). */
#ifndef NU_BLOCK_SYSFS_H
#define NU_BLOCK_SYSFS_H

#define SYSFS_ROOT "/sys"

/* 1 if <sys>/block/<disk>/removable is 1 (card readers, some sticks), else 0. */
int block_disk_removable(const char *sys, const char *disk);

/* 1 if <sys>/block/<disk> resolves to a device under a USB bus (USB disks often say
 * removable=0), else 0. */
int block_disk_on_usb(const char *sys, const char *disk);

#endif
