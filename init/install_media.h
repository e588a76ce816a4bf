/* The installer's USB media: the partition named node-install (make usb), mounted read-only. */
#ifndef NODE_INSTALL_MEDIA_H
#define NODE_INSTALL_MEDIA_H

#include <stddef.h>
#include "compiler.h"

#define INSTALL_MEDIA_LABEL "node-install"
#define INSTALL_MEDIA_WAIT_MS 30000	/* USB enumerates slowly, emulated USB more so */
#define INSTALL_DISK_MAX 32

/*
 * Finds the one partition labelled INSTALL_MEDIA_LABEL, mounts it vfat read-only on dir, and
 * names the disk it is on (never an install target) in disk. 0, or -1 with a reason in err.
 */
int install_media_mount(const char *dir, char disk[INSTALL_DISK_MAX], char *err,
			size_t errcap) WUR;

#endif
