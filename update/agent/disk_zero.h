/* Clearing a disk before it is partitioned: zero byte ranges, and the whole-disk wipe that
 * `wipe yes` asks for (discard everything where the device can, then zero the first and last
 * MiB, where tables and signatures live, whether or not the discard happened or reads back as
 * zeros). */
#ifndef NU_DISK_ZERO_H
#define NU_DISK_ZERO_H

#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

/* Writes len zero bytes at off. 0, or -1 with err. */
int disk_zero(int fd, uint64_t off, uint64_t len, struct upd_error *err) UPD_WUR;

/* BLKDISCARD over the whole disk of bytes (skipped when the device does not support it), then
 * the first and last MiB zeroed and synced. *discarded: 1 if the discard was done. 0, or -1 with
 * err. */
int disk_wipe(int fd, uint64_t bytes, int *discarded, struct upd_error *err) UPD_WUR;

#endif
