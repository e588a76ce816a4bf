/* The writable data partition on /var: formatted only when blank, checked, then mounted. */
#ifndef NODE_DATA_MOUNT_H
#define NODE_DATA_MOUNT_H

#include <stddef.h>
#include "compiler.h"

#define DATA_MOUNTPOINT "/var"

/* Prints one status line per step done. 0, or -1 with a reason in err (the caller panics). */
int data_mount(const char *label, char *err, size_t errcap) WUR;

#endif
