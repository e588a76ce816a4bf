#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fs_util.h"
#include "progress.h"
#include "slot_readback.h"

/* Drops the device's cached pages so the reads below come from the medium, then opens it for
 * direct I/O (the work area is 4096-aligned), or buffered where direct I/O is refused. */
static int open_uncached(const char *dev, struct upd_error *err)
{
	int fd = open(dev, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", dev, strerror(errno));
	(void)ioctl(fd, BLKFLSBUF, 0);
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	(void)close(fd);
	fd = open(dev, O_RDONLY | O_CLOEXEC | O_DIRECT);
	if (fd < 0 && errno == EINVAL)
		fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", dev, strerror(errno));
	return fd;
}

static int read_exact(int fd, void *buf, size_t len, uint64_t off, const char *dev,
		      struct upd_error *err)
{
	ssize_t n = fd_pread_full(fd, buf, len, off);

	if (n < 0)
		return upd_fail(err, UPD_ERR_SYS, "reading %zu bytes at %llu of %s: %s", len,
				(unsigned long long)off, dev, strerror(errno));
	if ((size_t)n != len)
		return upd_fail(err, UPD_ERR_SYS, "%s ends at %llu, inside the slot image", dev,
				(unsigned long long)(off + (uint64_t)n));
	return 0;
}

int slot_readback_verify(const char *dev, const struct manifest *m, struct bundle_work *w,
			 const char *what, struct upd_error *err)
{
	uint64_t data_bytes = m->data_blocks * VERITY_BLOCK_SIZE, i, k;
	size_t tree_bytes = (size_t)(m->hash_blocks * VERITY_BLOCK_SIZE);
	const uint64_t per = BUNDLE_CHUNK_BYTES / VERITY_BLOCK_SIZE;
	struct progress prog;
	int fd = open_uncached(dev, err);

	if (fd < 0)
		return -1;
	progress_start(&prog, what, data_bytes + tree_bytes);
	if (read_exact(fd, w->tree, tree_bytes, data_bytes, dev, err) < 0)
		goto fail;
	if (verity_tree_verify(&w->vt, w->tree, tree_bytes, m->data_blocks, m->verity_root,
			       m->verity_salt, err) < 0) {
		upd_error_prefix(err, "%s read back: ", dev);
		goto fail;
	}
	progress_add(&prog, tree_bytes);
	for (i = 0; i < m->data_blocks; i += per) {
		uint64_t n = m->data_blocks - i < per ? m->data_blocks - i : per;

		if (read_exact(fd, w->chunk, (size_t)(n * VERITY_BLOCK_SIZE), i * VERITY_BLOCK_SIZE,
			       dev, err) < 0)
			goto fail;
		for (k = 0; k < n; k++)
			if (verity_block_verify(&w->vt, i + k, w->chunk + k * VERITY_BLOCK_SIZE,
						err) < 0) {
				upd_error_prefix(err, "%s read back: ", dev);
				goto fail;
			}
		progress_add(&prog, n * VERITY_BLOCK_SIZE);
	}
	progress_end(&prog);
	if (close(fd) < 0)
		return upd_fail(err, UPD_ERR_SYS, "closing %s: %s", dev, strerror(errno));
	return 0;
fail:
	(void)close(fd);
	return -1;
}
