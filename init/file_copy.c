#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errbuf.h"
#include "file_copy.h"
#include "fileio.h"

#define COPY_CHUNK (1 << 20)	/* big reads: emulated and real USB sticks like them */

static int copy_fd(int in, int out, uint64_t size, const char *src, const char *dst, char *err,
		   size_t errcap)
{
	static char buf[COPY_CHUNK];
	uint64_t done = 0;

	while (done < size) {
		size_t want = size - done < sizeof buf ? (size_t)(size - done) : sizeof buf;
		ssize_t n = fd_read_full(in, buf, want);

		if (n < 0) {
			err_set(err, errcap, "read %s at %" PRIu64 ": %s", src, done, strerror(errno));
			return -1;
		}
		if ((size_t)n != want) {
			err_set(err, errcap, "%s ended at %" PRIu64 " of %" PRIu64 " bytes (was it "
				"pulled out?)", src, done + (uint64_t)n, size);
			return -1;
		}
		if (fd_write_all(out, buf, (size_t)n) != 0) {
			err_set(err, errcap, "write %s: %s", dst, strerror(errno));
			return -1;
		}
		done += (uint64_t)n;
	}
	return 0;
}

int file_copy(const char *src, const char *dst, uint64_t max, uint64_t *bytes, char *err,
	      size_t errcap)
{
	struct stat st;
	int in, out, r;

	in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0) {
		if (errno == ENOENT)
			return 1;
		err_set(err, errcap, "open %s: %s", src, strerror(errno));
		return -1;
	}
	if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
		err_set(err, errcap, "%s: not a regular file", src);
		fd_close_keep_errno(in);
		return -1;
	}
	if ((uint64_t)st.st_size > max) {
		err_set(err, errcap, "%s: %" PRIu64 " bytes, more than the %" PRIu64 " allowed", src,
			(uint64_t)st.st_size, max);
		fd_close_keep_errno(in);
		return -1;
	}
	/* a hint only: twice the readahead for the one sequential pass over the stick */
	(void)posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		err_set(err, errcap, "create %s: %s", dst, strerror(errno));
		fd_close_keep_errno(in);
		return -1;
	}
	if ((uint64_t)st.st_size > fd_free_bytes(out)) {
		err_set(err, errcap, "%s: %" PRIu64 " bytes do not fit in RAM (%" PRIu64 " free)", src,
			(uint64_t)st.st_size, fd_free_bytes(out));
		r = -1;
	} else {
		r = copy_fd(in, out, (uint64_t)st.st_size, src, dst, err, errcap);
	}
	fd_close_keep_errno(in);
	if (close(out) != 0 && r == 0) {
		err_set(err, errcap, "close %s: %s", dst, strerror(errno));
		r = -1;
	}
	if (r != 0) {
		(void)unlink(dst);
		return -1;
	}
	*bytes = (uint64_t)st.st_size;
	return 0;
}
