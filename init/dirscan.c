#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dirscan.h"

/* The kernel's struct linux_dirent64, under our own name (no libc declares it). */
struct node_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int dirscan(int dirfd, dirscan_fn *fn, void *ctx)
{
	_Alignas(8) char buf[2048];

	for (;;) {
		long n = syscall(SYS_getdents64, dirfd, buf, sizeof buf);
		long off = 0;

		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		while (off < n) {
			struct node_dirent64 *d = (struct node_dirent64 *)(void *)(buf + off);
			int r;

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			r = fn(dirfd, d->d_name, d->d_type, ctx);
			if (r != 0)
				return r;
		}
	}
}
