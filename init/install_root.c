#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle_verify.h"
#include "dm_verity.h"
#include "clock.h"
#include "errbuf.h"
#include "fileio.h"
#include "hex.h"
#include "install_root.h"
#include "keyring_load.h"
#include "loop_attach.h"
#include "tar_header.h"

/* Where root.img's bytes start: after the headers and padded bodies of manifest and signature.
 * Read again from the file (the verifier streams and keeps no offsets); the member's size must
 * be the signed one, and dm-verity checks every byte read through it anyway. */
static int root_member_offset(int fd, const struct manifest *m, uint64_t *off, char *err,
			      size_t errcap)
{
	static const char *const names[] = { BUNDLE_MEMBER_MANIFEST, BUNDLE_MEMBER_SIG,
					     MANIFEST_ROOT_NAME };
	uint8_t block[TAR_BLOCK_SIZE];
	struct tar_member tm;
	struct upd_error ue;
	uint64_t pos = 0;
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		ssize_t n = pread(fd, block, sizeof block, (off_t)pos);

		if (n != (ssize_t)sizeof block) {
			err_set(err, errcap, "reading the tar header at %" PRIu64 ": %s", pos,
				n < 0 ? strerror(errno) : "short read");
			return -1;
		}
		memset(&ue, 0, sizeof ue);
		if (tar_header_parse(block, &tm, &ue) != 0 || strcmp(tm.name, names[i]) != 0) {
			err_set(err, errcap, "tar header at %" PRIu64 " is not %s (%s): the bundle "
				"changed after it was verified", pos, names[i],
				ue.msg[0] != '\0' ? ue.msg : tm.name);
			return -1;
		}
		pos += TAR_BLOCK_SIZE;
		if (i + 1 < sizeof names / sizeof names[0])
			pos += tar_padded_size(tm.size);
	}
	if (tm.size != m->payload[MANIFEST_ROOT].size) {
		err_set(err, errcap, "root.img is %" PRIu64 " bytes, the manifest says %" PRIu64
			": the bundle changed after it was verified", tm.size,
			m->payload[MANIFEST_ROOT].size);
		return -1;
	}
	*off = pos;
	return 0;
}

int install_root_map(const char *bundle, struct install_root_info *info, char *err, size_t errcap)
{
	static struct minisign_keyring ring;
	static struct bundle_result res;
	struct bundle_work *work;
	struct bundle_check check;
	struct upd_error ue;
	struct node_verity v;
	struct loop_dev hash, data;
	uint64_t off, tree_bytes;
	long t0 = (long)clock_boot_ms();
	int fd, r;

	memset(&ue, 0, sizeof ue);
	if (keyring_load_dir(INSTALL_KEYS_DIR, &ring, &ue) != 0) {
		err_set(err, errcap, "%s", ue.msg);
		return -1;
	}
	fd = open(bundle, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_set(err, errcap, "open %s: %s", bundle, strerror(errno));
		return -1;
	}
	/* about 8.5 MiB: only the installer needs it, so only the installer allocates it */
	work = malloc(sizeof *work);
	if (work == NULL) {
		err_set(err, errcap, "bundle %s: no memory for the verifier's %zu bytes", bundle,
			sizeof *work);
		fd_close_keep_errno(fd);
		return -1;
	}
	memset(&check, 0, sizeof check);
	check.keys = &ring;
	check.policy.product = INSTALL_PRODUCT;
	r = bundle_verify(fd, &check, work, &res, &ue);
	free(work);
	if (r != 0) {
		err_set(err, errcap, "bundle %s: %s", bundle, ue.msg);
		fd_close_keep_errno(fd);
		return -1;
	}
	info->verify_ms = (long)clock_boot_ms() - t0;
	info->bundle_bytes = res.archive_bytes;
	info->data_blocks = res.manifest.data_blocks;
	info->hash_blocks = res.manifest.hash_blocks;
	(void)snprintf(info->key_id, sizeof info->key_id, "%016" PRIX64, res.key_id);
	(void)snprintf(info->version, sizeof info->version, "%u.%u.%u", res.manifest.version.major,
		       res.manifest.version.minor, res.manifest.version.patch);
	r = root_member_offset(fd, &res.manifest, &off, err, errcap);
	fd_close_keep_errno(fd);
	if (r != 0)
		return -1;

	/* the member: [superblock | hash levels, root first | data]; the table's hash start is
	 * counted on the hash device and skips the superblock, as on a slot */
	memset(&v, 0, sizeof v);
	v.data_blocks = res.manifest.data_blocks;
	v.hash_start_block = 1;
	hex_encode(res.manifest.verity_root, sizeof res.manifest.verity_root, v.root_hash);
	hex_encode(res.manifest.verity_salt, sizeof res.manifest.verity_salt, v.salt);
	tree_bytes = res.manifest.hash_blocks * MANIFEST_BLOCK_SIZE;
	if (loop_attach(bundle, off, tree_bytes, &hash, err, errcap) != 0)
		return -1;
	if (loop_attach(bundle, off + tree_bytes, res.manifest.data_blocks * MANIFEST_BLOCK_SIZE,
			&data, err, errcap) != 0) {
		loop_let_go(&hash);
		return -1;
	}
	r = dm_verity_create_split(&v, data.major, data.minor, hash.major, hash.minor, err, errcap);
	loop_let_go(&hash);
	loop_let_go(&data);
	return r;
}
