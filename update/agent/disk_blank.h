/* Whether a disk is blank, so that the installer may write to it without `wipe yes`: no GPT at
 * LBA 1 and its first and last MiB all zero bytes (where partition tables, boot sectors, file
 * system superblocks and the backup GPT live). When it is not, what was found, for the
 * operator: "it holds a GPT with 4 partitions (esp, root-a, root-b, data)". */
#ifndef NU_DISK_BLANK_H
#define NU_DISK_BLANK_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define DISK_EDGE_BYTES (1024 * 1024)
#define DISK_FOUND_MAX 256

/* fd: the disk (or an image file) of bytes. 1 when blank, 0 with found filled when not, -1 with
 * err when it cannot be read. */
int disk_blank_check(int fd, uint64_t bytes, char *found, size_t cap,
		     struct upd_error *err) UPD_WUR;

#endif
