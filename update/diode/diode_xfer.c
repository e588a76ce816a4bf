/* Assembly of one transfer on disk: see diode_xfer.h for the layout of the part file. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "diode_fec.h"
#include "diode_io.h"
#include "diode_xfer.h"

#define HASH_CHUNK 65536

static int bit_get(const uint8_t *bm, unsigned i)
{
	return bm[i / 8] >> (i % 8) & 1;
}

static void bit_set(uint8_t *bm, unsigned i)
{
	bm[i / 8] |= (uint8_t)(1u << (i % 8));
}

int diode_xfer_same_layout(const struct diode_xfer *x, const struct diode_layout *lay)
{
	return x->lay.file_size == lay->file_size && x->lay.symbol_size == lay->symbol_size &&
	       x->lay.kmax == lay->kmax && memcmp(x->lay.file_hash, lay->file_hash, DIODE_HASH_BYTES) == 0 &&
	       strcmp(x->lay.name, lay->name) == 0;
}

int diode_xfer_open(struct diode_xfer *x, int dirfd, const struct diode_layout *lay, struct diode_err *err)
{
	uint64_t nsym;

	memset(x, 0, sizeof *x);
	x->lay = *lay;
	x->dirfd = dirfd;
	snprintf(x->part, sizeof x->part, ".diode-%016" PRIx64 ".part", lay->transfer_id);
	nsym = (lay->file_size + lay->symbol_size - 1) / lay->symbol_size;
	x->spill_base = nsym * lay->symbol_size;
	x->blocks = calloc(lay->nblocks, sizeof *x->blocks);
	if (x->blocks == NULL)
		return diode_fail(err, "%s: table of %u blocks: out of memory", x->part, lay->nblocks);
	/* O_TRUNC: a part file of this id can only be ours, left by a run that was killed */
	x->fd = openat(dirfd, x->part, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (x->fd < 0) {
		int e = errno;

		free(x->blocks);
		x->blocks = NULL;
		return diode_fail(err, "%s: create: %s", x->part, strerror(e));
	}
	return 0;
}

static uint64_t spill_offset(const struct diode_xfer *x, uint32_t b, unsigned j, unsigned k)
{
	return x->spill_base + ((uint64_t)b * DIODE_N_MAX + (j - k)) * x->lay.symbol_size;
}

static uint64_t symbol_offset(const struct diode_xfer *x, uint32_t b, unsigned j, unsigned k)
{
	if (j < k)
		return diode_layout_block_offset(&x->lay, b) + (uint64_t)j * x->lay.symbol_size;
	return spill_offset(x, b, j, k);
}

/* The block has k symbols: rebuild its missing source symbols, then free its spill area. */
static int block_decode(struct diode_xfer *x, uint32_t b, unsigned k, struct diode_err *err)
{
	struct diode_block *bl = &x->blocks[b];
	unsigned S = x->lay.symbol_size, n = 0, nmiss = 0;
	uint8_t have_idx[DIODE_N_MAX], miss_idx[DIODE_N_MAX];
	uint8_t *have[DIODE_N_MAX], *out[DIODE_N_MAX];
	uint8_t *buf;
	struct diode_err why;
	int rc = 0;

	for (unsigned j = 0; j < k; j++)
		if (!bit_get(bl->have, j))
			miss_idx[nmiss++] = (uint8_t)j;
	if (nmiss > 0) {
		buf = malloc((size_t)(k + nmiss) * S);
		if (buf == NULL)
			return diode_fail(err, "%s: block %u: buffer for decoding: out of memory", x->part, b);
		for (unsigned j = 0; j < (unsigned)k + bl->m && n < k; j++) {
			if (!bit_get(bl->have, j))
				continue;
			have_idx[n] = (uint8_t)j;
			have[n] = buf + (size_t)n * S;
			if (pread_all(x->fd, have[n], S, symbol_offset(x, b, j, k)) < 0) {
				rc = diode_fail(err, "%s: block %u: reading symbol %u back: %s", x->part, b, j,
						strerror(errno));
				goto out;
			}
			n++;
		}
		for (unsigned i = 0; i < nmiss; i++)
			out[i] = buf + (size_t)(k + i) * S;
		if (diode_fec_decode(k, bl->m, S, have, have_idx, nmiss, miss_idx, out, &why) < 0) {
			rc = diode_fail(err, "%s: block %u: %s", x->part, b, why.msg);
			goto out;
		}
		for (unsigned i = 0; i < nmiss; i++)
			if (pwrite_all(x->fd, out[i], S, symbol_offset(x, b, miss_idx[i], k)) < 0) {
				rc = diode_fail(err, "%s: block %u: writing rebuilt symbol %u: %s", x->part, b,
						miss_idx[i], strerror(errno));
				goto out;
			}
	out:
		free(buf);
		if (rc < 0)
			return rc;
	}
	/* the parity is no longer needed: give its disk space back (a hole reads as zeros) */
	if (bl->m > 0 && fallocate(x->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				   (off_t)spill_offset(x, b, k, k), (off_t)bl->m * S) < 0 &&
	    errno != EOPNOTSUPP)
		return diode_fail(err, "%s: block %u: punching out its parity: %s", x->part, b, strerror(errno));
	bl->done = 1;
	x->blocks_done++;
	return 0;
}

int diode_xfer_add(struct diode_xfer *x, const struct diode_packet *p, struct diode_err *err)
{
	struct diode_block *bl = &x->blocks[p->block];
	unsigned S = x->lay.symbol_size;

	x->pkts_received++;
	if (!bl->m_set) {
		bl->m = (uint8_t)p->m;
		bl->m_set = 1;
	} else if (bl->m != p->m) {
		return diode_fail(err, "%s: block %u: packet says m=%u, earlier ones m=%u", x->part, p->block,
				  p->m, bl->m);
	}
	if (bl->done || bit_get(bl->have, p->index)) {
		x->pkts_dup++;
		return DIODE_ADD_DUP;
	}
	if (pwrite_all(x->fd, p->payload, S, symbol_offset(x, p->block, p->index, p->k)) < 0)
		return diode_fail(err, "%s: block %u symbol %u: write: %s", x->part, p->block, p->index,
				  strerror(errno));
	bit_set(bl->have, p->index);
	bl->count++;
	x->pkts_used++;
	if (bl->count >= p->k && block_decode(x, p->block, p->k, err) < 0)
		return -1;
	return x->blocks_done == x->lay.nblocks ? DIODE_ADD_COMPLETE : DIODE_ADD_USED;
}

static void xfer_free(struct diode_xfer *x)
{
	if (x->fd >= 0)
		close(x->fd);
	x->fd = -1;
	free(x->blocks);
	x->blocks = NULL;
}

void diode_xfer_abort(struct diode_xfer *x)
{
	/* a part file left behind holds no delivered name, but say so: it takes space on /var */
	if (unlinkat(x->dirfd, x->part, 0) < 0 && errno != ENOENT)
		fprintf(stderr, "diode-recv: %s: removing the part file: %s\n", x->part, strerror(errno));
	xfer_free(x);
}

static int xfer_hash(struct diode_xfer *x, uint8_t *hash, struct diode_err *err)
{
	crypto_generichash_state st;
	uint8_t *buf = malloc(HASH_CHUNK);
	uint64_t off = 0;

	if (buf == NULL)
		return diode_fail(err, "%s: hash buffer: out of memory", x->part);
	crypto_generichash_init(&st, NULL, 0, DIODE_HASH_BYTES);
	while (off < x->lay.file_size) {
		size_t n = x->lay.file_size - off < HASH_CHUNK ? (size_t)(x->lay.file_size - off) : HASH_CHUNK;

		if (pread_all(x->fd, buf, n, off) < 0) {
			int e = errno;

			free(buf);
			return diode_fail(err, "%s: reading back at %" PRIu64 ": %s", x->part, off, strerror(e));
		}
		crypto_generichash_update(&st, buf, n);
		off += n;
	}
	free(buf);
	crypto_generichash_final(&st, hash, DIODE_HASH_BYTES);
	return 0;
}

int diode_xfer_finish(struct diode_xfer *x, struct diode_err *err)
{
	uint8_t hash[DIODE_HASH_BYTES];
	char got[2 * DIODE_HASH_BYTES + 1], want[2 * DIODE_HASH_BYTES + 1];

	/* drop the last symbol's padding and the (punched) spill area */
	if (ftruncate(x->fd, (off_t)x->lay.file_size) < 0) {
		diode_fail(err, "%s: truncate to %" PRIu64 " bytes: %s", x->part, x->lay.file_size, strerror(errno));
		goto fail;
	}
	if (xfer_hash(x, hash, err) < 0)
		goto fail;
	if (sodium_memcmp(hash, x->lay.file_hash, DIODE_HASH_BYTES) != 0) {
		sodium_bin2hex(got, sizeof got, hash, sizeof hash);
		sodium_bin2hex(want, sizeof want, x->lay.file_hash, sizeof hash);
		diode_fail(err, "%s: the assembled file's BLAKE2b-256 is %.16s..., the packets claim %.16s...: "
			   "part file removed, not delivered", x->part, got, want);
		goto fail;
	}
	if (fsync(x->fd) < 0) {
		diode_fail(err, "%s: fsync: %s", x->part, strerror(errno));
		goto fail;
	}
	/* rename replaces an older file of the same name: the newest signed transfer wins, and the
	 * agent checks the bundle's own signature before it installs anything */
	if (renameat(x->dirfd, x->part, x->dirfd, x->lay.name) < 0) {
		diode_fail(err, "%s: rename to %s: %s", x->part, x->lay.name, strerror(errno));
		goto fail;
	}
	xfer_free(x);
	if (fsync(x->dirfd) < 0)
		return diode_fail(err, "%s: delivered, but fsync of the inbox failed: %s", x->lay.name, strerror(errno));
	return 0;
fail:
	diode_xfer_abort(x);
	return -1;
}
