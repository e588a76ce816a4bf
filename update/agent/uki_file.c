#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "fs_util.h"
#include "hex.h"
#include "uki_file.h"

#define UKI_READ_CHUNK 65536

int uki_file_read(const char *path, struct pe_stream *pe, struct uki_info *info,
		  uint8_t sha256[32], uint64_t *size, struct upd_error *err)
{
	static uint8_t buf[UKI_READ_CHUNK];
	crypto_hash_sha256_state h;
	uint64_t off = 0;
	int fd, e;

	uki_stream_init(pe);
	(void)crypto_hash_sha256_init(&h);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", path, strerror(errno));
	/* the check must see what the device holds, not what this process just wrote */
	if (sha256 != NULL)
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	for (;;) {
		ssize_t n = fd_pread_full(fd, buf, sizeof buf, off);

		if (n < 0) {
			e = errno;
			(void)close(fd);
			return upd_fail(err, UPD_ERR_SYS, "reading %s: %s", path, strerror(e));
		}
		if (n == 0)
			break;
		(void)crypto_hash_sha256_update(&h, buf, (size_t)n);
		if (!pe->failed && pe_stream_feed(pe, buf, (size_t)n, err) < 0) {
			(void)close(fd);
			upd_error_prefix(err, "%s: ", path);
			return -1;
		}
		off += (uint64_t)n;
		if (sha256 == NULL && pe_stream_complete(pe))
			break;
	}
	(void)close(fd);
	if (sha256 != NULL)
		(void)crypto_hash_sha256_final(&h, sha256);
	if (size != NULL)
		*size = off;
	if (pe_stream_finish(pe, err) < 0 || uki_info_parse(pe, info, err) < 0) {
		upd_error_prefix(err, "%s: ", path);
		return -1;
	}
	return 0;
}

int uki_file_check(const char *path, const struct manifest *m, char slot, struct pe_stream *pe,
		   struct upd_error *err)
{
	const struct manifest_payload *p = &m->payload[MANIFEST_UKI];
	char got[65], want[65];
	struct uki_info info;
	uint8_t sha[32];
	uint64_t size;

	if (uki_file_read(path, pe, &info, sha, &size, err) < 0)
		return -1;
	if (size != p->size || memcmp(sha, p->sha256, sizeof sha) != 0) {
		hex_encode(sha, sizeof sha, got);
		hex_encode(p->sha256, sizeof p->sha256, want);
		return upd_fail(err, UPD_ERR_BAD,
				"%s read back from the ESP: %llu bytes with sha256 %s, the manifest "
				"says %llu bytes with %s", path, (unsigned long long)size, got,
				(unsigned long long)p->size, want);
	}
	return uki_info_check(&info, slot, m, err);
}

int uki_entry_info(const char *dir, const char *name, struct uki_info *info, struct upd_error *err)
{
	static struct pe_stream head;
	char path[NU_PATH_MAX];

	if (path_join(path, sizeof path, dir, name, err) < 0)
		return -1;
	return uki_file_read(path, &head, info, NULL, NULL, err);
}
