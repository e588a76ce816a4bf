/* Verify an update bundle (update/FORMAT.md) read sequentially from an fd — a file, a pipe, a USB
 * stick — and hand its payloads to the caller's sink only as they are proved authentic:
 *
 *   manifest -> manifest.minisig -> signature verified with the keyring -> trusted comment names
 *   file:manifest -> manifest parsed -> product and anti-rollback policy -> root.img: hash tree read
 *   and verified against the signed verity root, then every data block checked against its leaf
 *   before the sink sees it -> uki.efi streamed, its sha256 checked at the end -> end of archive.
 *
 * Memory is bounded by struct bundle_work (about 8.5 MiB; allocate it once, static or heap). */
#ifndef UPD_BUNDLE_VERIFY_H
#define UPD_BUNDLE_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "manifest.h"
#include "minisign.h"
#include "tar_header.h"
#include "upd_attr.h"
#include "upd_error.h"
#include "verity_tree.h"
#include "version.h"

#define BUNDLE_MEMBER_MANIFEST "manifest"
#define BUNDLE_MEMBER_SIG "manifest.minisig"
#define BUNDLE_SIG_TOKEN "file:manifest"     /* the trusted comment must name the manifest */
#define BUNDLE_CHUNK_BYTES (16 * VERITY_BLOCK_SIZE)
#define BUNDLE_UKI_MAX_BYTES (256ULL << 20)
#define BUNDLE_SIG_BUF_BYTES \
	((MINISIGN_SIG_FILE_MAX + TAR_BLOCK_SIZE - 1) / TAR_BLOCK_SIZE * TAR_BLOCK_SIZE)
#define BUNDLE_MANIFEST_BUF_BYTES \
	((MANIFEST_MAX_BYTES + TAR_BLOCK_SIZE - 1) / TAR_BLOCK_SIZE * TAR_BLOCK_SIZE)

/* Receives payloads. Offsets are in the payload's installed layout: for root.img the slot as
 * image/build-rootimg.sh lays it out (data blocks from 0, then the verity superblock at
 * data_blocks * 4096, then the hash levels), for uki.efi the file itself.
 *
 * root.img: every byte passed to chunk() has been authenticated already (hash levels by the
 * signed root hash, each data block by its leaf, the superblock by the whole-member sha256,
 * which is why it comes last). uki.efi: chunks arrive in order but are authenticated only when
 * end() is called with ok = 1; keep them in a temporary file until then.
 *
 * After a successful begin(), end() is always called: ok = 1 when the payload is complete and
 * verified, ok = 0 when verification stopped (discard what was written). Even after every end(1),
 * the bundle is good only if bundle_verify returns 0. Callbacks return 0, or -1 with err. */
struct bundle_sink {
	void *ctx;
	int (*begin)(void *ctx, enum manifest_payload_index which, const struct manifest *m,
		     struct upd_error *err);
	int (*chunk)(void *ctx, uint64_t offset, const uint8_t *buf, size_t len,
		     struct upd_error *err);
	int (*end)(void *ctx, int ok, struct upd_error *err);
};

/* Anti-rollback and product checks, applied after the signature verified and before any payload
 * is read. NULL fields are not checked (staging tools); the node agent sets all three. A bundle is
 * refused (UPD_ERR_POLICY) when
 *   - its product differs from product;
 *   - its version is below floor (the lowest version this node may ever run again);
 *   - installed is older than its min-version (it needs an intermediate update first);
 *   - its version is older than installed (downgrades are refused; going back is the boot
 *     counter's or `nodeupdate rollback`'s job, which use the slot that holds the old version).
 * The same version as installed is accepted: it repairs the inactive slot. */
struct bundle_policy {
	const char *product;
	const struct version *installed;
	const struct version *floor;
};

struct bundle_check {
	const struct minisign_keyring *keys;
	struct bundle_policy policy;
	const struct bundle_sink *sink;      /* NULL: verify only */
};

struct bundle_result {
	struct manifest manifest;
	char manifest_text[MANIFEST_MAX_BYTES + 1]; /* the signed bytes, NUL-terminated */
	size_t manifest_len;
	uint64_t key_id;                     /* the key that signed the manifest */
	char comment[MINISIGN_TRUSTED_COMMENT_MAX + 1]; /* the verified trusted comment */
	uint64_t archive_bytes;
};

/* Every buffer verification needs: no allocation inside bundle_verify. */
struct bundle_work {
	uint8_t tree[VERITY_MAX_TREE_BYTES];
	uint8_t chunk[BUNDLE_CHUNK_BYTES];
	uint8_t manifest[BUNDLE_MANIFEST_BUF_BYTES];
	uint8_t sig[BUNDLE_SIG_BUF_BYTES];
	struct minisign_sig sigp;
	struct verity_tree vt;
};

/* Verifies the whole bundle from fd (read to its end, never seeks). 0 when every check passed;
 * -1 with err otherwise: kind UPD_ERR_BAD (malformed, forged, corrupt), UPD_ERR_POLICY (authentic
 * but refused), UPD_ERR_SYS (read error, or a sink failed). res is filled as far as verified. */
int bundle_verify(int fd, const struct bundle_check *check, struct bundle_work *work,
		  struct bundle_result *res, struct upd_error *err) UPD_WUR;

#endif
