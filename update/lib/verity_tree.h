/* The dm-verity hash tree of a root image (REFERENCE C.4; veritysetup format, hash type 1, sha256,
 * 4096-byte blocks, superblock kept): check it block by block up to the root hash from the signed
 * manifest, then check each data block against its leaf before anyone writes it. The tree is held
 * in the caller's buffer, at most VERITY_MAX_TREE_BYTES. */
#ifndef UPD_VERITY_TREE_H
#define UPD_VERITY_TREE_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "upd_attr.h"
#include "upd_error.h"

#define VERITY_BLOCK_SIZE 4096
#define VERITY_DIGEST_SIZE 32                /* sha256 */
#define VERITY_SALT_SIZE 32                  /* what the manifest carries; veritysetup's default */
#define VERITY_HASHES_PER_BLOCK (VERITY_BLOCK_SIZE / VERITY_DIGEST_SIZE)
#define VERITY_SUPERBLOCK_SIZE 512           /* padded to one block on disk */
#define VERITY_MAX_DATA_BLOCKS 262144ULL     /* 1 GiB of data: 8 MiB of leaf hashes */
#define VERITY_MAX_LEVELS 3                  /* 128^3 data blocks: enough for the limit above */
#define VERITY_DIV_UP(a, b) (((a) + (b) - 1) / (b))
/* superblock block + every level for the largest image */
#define VERITY_MAX_HASH_BLOCKS \
	(1 + VERITY_DIV_UP(VERITY_MAX_DATA_BLOCKS, 128ULL) + \
	 VERITY_DIV_UP(VERITY_MAX_DATA_BLOCKS, 128ULL * 128) + \
	 VERITY_DIV_UP(VERITY_MAX_DATA_BLOCKS, 128ULL * 128 * 128))
#define VERITY_MAX_TREE_BYTES (VERITY_MAX_HASH_BLOCKS * VERITY_BLOCK_SIZE)

_Static_assert(VERITY_MAX_DATA_BLOCKS <= 128ULL * 128 * 128, "raise VERITY_MAX_LEVELS");

/* The superblock veritysetup writes at the hash offset (little-endian fields). */
struct verity_superblock_raw {
	uint8_t signature[8];        /* "verity\0\0" */
	uint8_t version[4];          /* 1 */
	uint8_t hash_type[4];        /* 1: salt before the block */
	uint8_t uuid[16];
	uint8_t algorithm[32];       /* "sha256", NUL-padded */
	uint8_t data_block_size[4];
	uint8_t hash_block_size[4];
	uint8_t data_blocks[8];
	uint8_t salt_size[2];
	uint8_t pad1[6];
	uint8_t salt[256];
	uint8_t pad2[168];
};
_Static_assert(sizeof(struct verity_superblock_raw) == VERITY_SUPERBLOCK_SIZE, "verity superblock");

struct verity_tree {
	const uint8_t *tree;         /* caller's buffer: superblock block, then levels top first */
	uint64_t data_blocks;
	unsigned levels;             /* 0 when the single data block hashes straight to the root */
	uint64_t level_start[VERITY_MAX_LEVELS]; /* first block of level i (0 = leaves) in tree */
	uint64_t level_blocks[VERITY_MAX_LEVELS];
	uint8_t root[VERITY_DIGEST_SIZE];
	crypto_hash_sha256_state salted; /* sha256 state after the salt, copied for every block */
};

/* Blocks veritysetup puts after data_blocks of data, superblock included; 0 if data_blocks is 0
 * or above VERITY_MAX_DATA_BLOCKS. */
uint64_t verity_hash_blocks(uint64_t data_blocks);

/* Checks the superblock against the signed parameters (signature, version 1, hash type 1, sha256,
 * 4096/4096, data_blocks, salt) and every hash block up to root. tree holds len bytes, which must be
 * exactly verity_hash_blocks(data_blocks) blocks; it must stay in place while t is used.
 * 0, or -1 with err. */
int verity_tree_verify(struct verity_tree *t, const uint8_t *tree, size_t len, uint64_t data_blocks,
		       const uint8_t root[VERITY_DIGEST_SIZE], const uint8_t salt[VERITY_SALT_SIZE],
		       struct upd_error *err) UPD_WUR;

/* Checks data block index against its leaf in the verified tree. 0, or -1 with err. */
int verity_block_verify(const struct verity_tree *t, uint64_t index,
			const uint8_t block[VERITY_BLOCK_SIZE], struct upd_error *err) UPD_WUR;

#endif
