/* Shutdown's unmount pass over /proc/self/mounts. */
#ifndef NODE_UMOUNT_ALL_H
#define NODE_UMOUNT_ALL_H

/*
 * Unmounts in reverse mount order, leaving /, /proc, /sys, /dev and devtmpfs/proc/sysfs alone;
 * a busy filesystem is remounted read-only. Prints a summary, then the /var result line last.
 */
void umount_all(void);

#endif
