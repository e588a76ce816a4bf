#include <string.h>

#include <sodium.h>

#include "bundle_payload.h"
#include "hex.h"

static int sink_chunk(const struct bundle_sink *sink, uint64_t offset, const uint8_t *buf,
		      size_t len, const char *name, struct upd_error *err)
{
	if (sink == NULL || sink->chunk == NULL || len == 0)
		return 0;
	upd_fail(err, UPD_ERR_SYS, "sink failed without saying why");
	if (sink->chunk(sink->ctx, offset, buf, len, err) < 0) {
		upd_error_prefix(err, "%s: writing %zu bytes at offset %llu: ", name, len,
				 (unsigned long long)offset);
		return -1;
	}
	return 0;
}

static int digest_check(crypto_hash_sha256_state *h, const struct manifest_payload *p,
			struct upd_error *err)
{
	uint8_t got[MANIFEST_SHA256_BYTES];
	char got_hex[2 * MANIFEST_SHA256_BYTES + 1], want_hex[2 * MANIFEST_SHA256_BYTES + 1];

	(void)crypto_hash_sha256_final(h, got);
	if (memcmp(got, p->sha256, sizeof got) == 0)
		return 0;
	hex_encode(got, sizeof got, got_hex);
	hex_encode(p->sha256, sizeof p->sha256, want_hex);
	return upd_fail(err, UPD_ERR_BAD, "%s: sha256 %s does not match the manifest's %s", p->name,
			got_hex, want_hex);
}

/* Hash tree first (verified against the signed root), then data blocks each checked against
 * its leaf, then the superblock once the whole member's sha256 has matched. */
static int root_stream(struct bundle_reader *r, const struct manifest *man,
		       const struct bundle_sink *sink, struct bundle_work *w, struct upd_error *err)
{
	const struct manifest_payload *p = &man->payload[MANIFEST_ROOT];
	uint64_t data_bytes = man->data_blocks * VERITY_BLOCK_SIZE;
	size_t tree_bytes = (size_t)(man->hash_blocks * VERITY_BLOCK_SIZE);
	crypto_hash_sha256_state h;
	uint64_t i, k;

	(void)crypto_hash_sha256_init(&h);
	if (bundle_read(r, w->tree, tree_bytes, "root.img hash tree", err) < 0)
		return -1;
	(void)crypto_hash_sha256_update(&h, w->tree, tree_bytes);
	if (verity_tree_verify(&w->vt, w->tree, tree_bytes, man->data_blocks, man->verity_root,
			       man->verity_salt, err) < 0) {
		upd_error_prefix(err, "root.img: ");
		return -1;
	}
	if (sink_chunk(sink, data_bytes + VERITY_BLOCK_SIZE, w->tree + VERITY_BLOCK_SIZE,
		       tree_bytes - VERITY_BLOCK_SIZE, p->name, err) < 0)
		return -1;
	for (i = 0; i < man->data_blocks; i += k) {
		uint64_t n = man->data_blocks - i;

		if (n > BUNDLE_CHUNK_BYTES / VERITY_BLOCK_SIZE)
			n = BUNDLE_CHUNK_BYTES / VERITY_BLOCK_SIZE;
		if (bundle_read(r, w->chunk, (size_t)n * VERITY_BLOCK_SIZE, "root.img data", err) < 0)
			return -1;
		(void)crypto_hash_sha256_update(&h, w->chunk, (size_t)n * VERITY_BLOCK_SIZE);
		for (k = 0; k < n; k++) {
			if (verity_block_verify(&w->vt, i + k, w->chunk + k * VERITY_BLOCK_SIZE,
						err) < 0) {
				upd_error_prefix(err, "root.img: ");
				return -1;
			}
		}
		if (sink_chunk(sink, i * VERITY_BLOCK_SIZE, w->chunk, (size_t)n * VERITY_BLOCK_SIZE,
			       p->name, err) < 0)
			return -1;
	}
	if (digest_check(&h, p, err) < 0)
		return -1;
	return sink_chunk(sink, data_bytes, w->tree, VERITY_BLOCK_SIZE, p->name, err);
}

static int plain_stream(struct bundle_reader *r, const struct manifest_payload *p,
			const struct bundle_sink *sink, struct bundle_work *w, struct upd_error *err)
{
	crypto_hash_sha256_state h;
	uint64_t off = 0;

	(void)crypto_hash_sha256_init(&h);
	while (off < p->size) {
		size_t n = p->size - off < sizeof w->chunk ? (size_t)(p->size - off) : sizeof w->chunk;

		if (bundle_read(r, w->chunk, n, p->name, err) < 0)
			return -1;
		(void)crypto_hash_sha256_update(&h, w->chunk, n);
		if (sink_chunk(sink, off, w->chunk, n, p->name, err) < 0)
			return -1;
		off += n;
	}
	return digest_check(&h, p, err);
}

int bundle_payload_stream(struct bundle_reader *r, enum manifest_payload_index which,
			  const struct tar_member *m, const struct manifest *man,
			  const struct bundle_sink *sink, struct bundle_work *w,
			  struct upd_error *err)
{
	const struct manifest_payload *p = &man->payload[which];
	struct upd_error ignored;
	int rc;

	if (m->size != p->size)
		return upd_fail(err, UPD_ERR_BAD, "member %s is %llu bytes, the manifest says %llu",
				p->name, (unsigned long long)m->size, (unsigned long long)p->size);
	if (sodium_init() < 0)
		return upd_fail(err, UPD_ERR_SYS, "libsodium failed to initialise");
	if (sink != NULL && sink->begin != NULL) {
		upd_fail(err, UPD_ERR_SYS, "sink failed without saying why");
		if (sink->begin(sink->ctx, which, man, err) < 0) {
			upd_error_prefix(err, "%s: ", p->name);
			return -1;
		}
	}
	rc = which == MANIFEST_ROOT ? root_stream(r, man, sink, w, err)
				    : plain_stream(r, p, sink, w, err);
	if (rc == 0)
		rc = bundle_member_padding(r, m, err);
	if (sink == NULL || sink->end == NULL)
		return rc;
	if (rc < 0) {
		(void)sink->end(sink->ctx, 0, &ignored);
		return -1;
	}
	upd_fail(err, UPD_ERR_SYS, "sink failed without saying why");
	if (sink->end(sink->ctx, 1, err) < 0) {
		upd_error_prefix(err, "%s: finishing: ", p->name);
		return -1;
	}
	return 0;
}
