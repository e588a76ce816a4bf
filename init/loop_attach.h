/* Attaches a byte range of a file to a free loop device, read-only (the installer's view of the
 * bundle's root.img member: its hash tree and its data as two block devices). */
#ifndef NODE_LOOP_ATTACH_H
#define NODE_LOOP_ATTACH_H

#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

struct loop_dev {
	unsigned major, minor;
	char path[32];		/* "/dev/loop3" */
	int fd;			/* held open: autoclear would detach the device at its last close */
};

/*
 * Asks /dev/loop-control for a free device and configures it over [offset, offset + size) of
 * file, read-only, with autoclear (it goes away when its last user, dm-verity, lets go).
 * offset must be a multiple of 512. The device stays open in out->fd until loop_let_go, which
 * the caller calls once another holder (dm-verity) has it. 0, or -1 with a reason in err.
 */
int loop_attach(const char *file, uint64_t offset, uint64_t size, struct loop_dev *out, char *err,
		size_t errcap) WUR;

/* Closes our hold on the device (it detaches itself when its last holder closes it). */
void loop_let_go(struct loop_dev *d);

#endif
