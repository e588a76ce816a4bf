#include <string.h>

#include "hex.h"
#include "le.h"
#include "verity_tree.h"

/* Levels as veritysetup and the kernel count them: the fewest with 128^levels >= data_blocks. */
static unsigned levels_for(uint64_t data_blocks)
{
	unsigned levels = 0;
	uint64_t reach = 1;

	while (reach < data_blocks) {
		reach *= VERITY_HASHES_PER_BLOCK;
		levels++;
	}
	return levels;
}

static void layout(struct verity_tree *t, uint64_t data_blocks)
{
	uint64_t span = 1, next = 1; /* block 0 is the superblock */
	unsigned i;

	t->data_blocks = data_blocks;
	t->levels = levels_for(data_blocks);
	for (i = 0; i < t->levels; i++) {
		span *= VERITY_HASHES_PER_BLOCK;
		t->level_blocks[i] = VERITY_DIV_UP(data_blocks, span);
	}
	/* on disk the top level comes first */
	for (i = t->levels; i-- > 0;) {
		t->level_start[i] = next;
		next += t->level_blocks[i];
	}
}

uint64_t verity_hash_blocks(uint64_t data_blocks)
{
	struct verity_tree t;
	uint64_t total = 1;
	unsigned i;

	if (data_blocks == 0 || data_blocks > VERITY_MAX_DATA_BLOCKS)
		return 0;
	layout(&t, data_blocks);
	for (i = 0; i < t.levels; i++)
		total += t.level_blocks[i];
	return total;
}

static int all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static int superblock_check(const uint8_t *block, uint64_t data_blocks,
			    const uint8_t salt[VERITY_SALT_SIZE], struct upd_error *err)
{
	static const uint8_t signature[8] = { 'v', 'e', 'r', 'i', 't', 'y', 0, 0 };
	static const uint8_t algorithm[32] = { 's', 'h', 'a', '2', '5', '6' };
	const struct verity_superblock_raw *sb = (const struct verity_superblock_raw *)block;

	if (memcmp(sb->signature, signature, sizeof signature) != 0)
		return upd_fail(err, UPD_ERR_BAD, "superblock signature is not \"verity\"");
	if (le32_load(sb->version) != 1 || le32_load(sb->hash_type) != 1)
		return upd_fail(err, UPD_ERR_BAD, "superblock version %u hash type %u, expected 1 and 1",
				(unsigned)le32_load(sb->version), (unsigned)le32_load(sb->hash_type));
	if (memcmp(sb->algorithm, algorithm, sizeof algorithm) != 0)
		return upd_fail(err, UPD_ERR_BAD, "superblock hash algorithm is not sha256");
	if (le32_load(sb->data_block_size) != VERITY_BLOCK_SIZE ||
	    le32_load(sb->hash_block_size) != VERITY_BLOCK_SIZE)
		return upd_fail(err, UPD_ERR_BAD, "superblock block sizes %u/%u, expected %d/%d",
				(unsigned)le32_load(sb->data_block_size),
				(unsigned)le32_load(sb->hash_block_size), VERITY_BLOCK_SIZE,
				VERITY_BLOCK_SIZE);
	if (le64_load(sb->data_blocks) != data_blocks)
		return upd_fail(err, UPD_ERR_BAD, "superblock says %llu data blocks, manifest %llu",
				(unsigned long long)le64_load(sb->data_blocks),
				(unsigned long long)data_blocks);
	if (le16_load(sb->salt_size) != VERITY_SALT_SIZE ||
	    memcmp(sb->salt, salt, VERITY_SALT_SIZE) != 0 ||
	    !all_zero(sb->salt + VERITY_SALT_SIZE, sizeof sb->salt - VERITY_SALT_SIZE))
		return upd_fail(err, UPD_ERR_BAD, "superblock salt differs from the manifest's");
	if (!all_zero(sb->pad1, sizeof sb->pad1) || !all_zero(sb->pad2, sizeof sb->pad2) ||
	    !all_zero(block + VERITY_SUPERBLOCK_SIZE, VERITY_BLOCK_SIZE - VERITY_SUPERBLOCK_SIZE))
		return upd_fail(err, UPD_ERR_BAD, "superblock padding is not zero");
	return 0;
}

static void block_hash(const struct verity_tree *t, const uint8_t *block,
		       uint8_t out[VERITY_DIGEST_SIZE])
{
	crypto_hash_sha256_state st = t->salted;

	/* libsodium's sha256 update and final cannot fail */
	(void)crypto_hash_sha256_update(&st, block, VERITY_BLOCK_SIZE);
	(void)crypto_hash_sha256_final(&st, out);
}

/* Where the digest of block j of level i lives: in level i+1 (or, for the top, the root). */
static const uint8_t *parent_digest(const struct verity_tree *t, unsigned level, uint64_t j)
{
	const uint8_t *parent;

	if (level == t->levels)
		return t->root;
	parent = t->tree + (t->level_start[level] + j / VERITY_HASHES_PER_BLOCK) * VERITY_BLOCK_SIZE;
	return parent + (j % VERITY_HASHES_PER_BLOCK) * VERITY_DIGEST_SIZE;
}

int verity_tree_verify(struct verity_tree *t, const uint8_t *tree, size_t len, uint64_t data_blocks,
		       const uint8_t root[VERITY_DIGEST_SIZE], const uint8_t salt[VERITY_SALT_SIZE],
		       struct upd_error *err)
{
	uint64_t want = verity_hash_blocks(data_blocks), j;
	uint8_t digest[VERITY_DIGEST_SIZE];
	char hex[2 * VERITY_DIGEST_SIZE + 1];
	unsigned i;

	if (want == 0)
		return upd_fail(err, UPD_ERR_BAD, "%llu data blocks: must be 1..%llu",
				(unsigned long long)data_blocks,
				(unsigned long long)VERITY_MAX_DATA_BLOCKS);
	if (len != want * VERITY_BLOCK_SIZE)
		return upd_fail(err, UPD_ERR_BAD,
				"hash area is %zu bytes; %llu data blocks need %llu blocks of %d",
				len, (unsigned long long)data_blocks, (unsigned long long)want,
				VERITY_BLOCK_SIZE);
	if (sodium_init() < 0)
		return upd_fail(err, UPD_ERR_SYS, "libsodium failed to initialise");
	if (superblock_check(tree, data_blocks, salt, err) < 0)
		return -1;
	memset(t, 0, sizeof *t);
	t->tree = tree;
	layout(t, data_blocks);
	memcpy(t->root, root, VERITY_DIGEST_SIZE);
	(void)crypto_hash_sha256_init(&t->salted);
	(void)crypto_hash_sha256_update(&t->salted, salt, VERITY_SALT_SIZE);
	/* top down: each level is trusted only once its parent is */
	for (i = t->levels; i-- > 0;) {
		for (j = 0; j < t->level_blocks[i]; j++) {
			const uint8_t *block = tree + (t->level_start[i] + j) * VERITY_BLOCK_SIZE;

			block_hash(t, block, digest);
			if (memcmp(digest, parent_digest(t, i + 1, j), VERITY_DIGEST_SIZE) != 0) {
				if (i + 1 == t->levels) {
					hex_encode(digest, sizeof digest, hex);
					return upd_fail(err, UPD_ERR_BAD,
							"hash tree top block hashes to %s, not to the "
							"manifest's verity-root", hex);
				}
				return upd_fail(err, UPD_ERR_BAD,
						"hash tree level %u block %llu does not match its parent",
						i, (unsigned long long)j);
			}
		}
	}
	return 0;
}

int verity_block_verify(const struct verity_tree *t, uint64_t index,
			const uint8_t block[VERITY_BLOCK_SIZE], struct upd_error *err)
{
	uint8_t digest[VERITY_DIGEST_SIZE];

	if (index >= t->data_blocks)
		return upd_fail(err, UPD_ERR_BAD, "data block %llu is beyond the %llu in the tree",
				(unsigned long long)index, (unsigned long long)t->data_blocks);
	block_hash(t, block, digest);
	if (memcmp(digest, parent_digest(t, 0, index), VERITY_DIGEST_SIZE) != 0)
		return upd_fail(err, UPD_ERR_BAD, "data block %llu does not match its hash in the tree",
				(unsigned long long)index);
	return 0;
}

