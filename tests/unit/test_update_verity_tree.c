/* verity_tree: the tree veritysetup writes is checked up to the signed root, then every data
 * block against its leaf; any changed byte anywhere is caught. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "test_update_fixture.h"
#include "verity_tree.h"

static struct upd_error err;
static struct verity_tree vt;

/* `veritysetup format` of fx_data_block data, salt fx_salt, uuid FX_UUID (cryptsetup 2.6.1):
 * root hash, and sha256 of everything it wrote after the data. */
static const struct {
	uint64_t blocks;
	const char *root, *tree_sha;
	uint64_t hash_blocks;
} reference[] = {
	{ 1, "25fb5d1dc4e27ec5aa900107723541ee7ae6a6c13e70ee027e52573ef7d81c14",
	  "46c8bf8ec78a6349572d53a959c686e4f71989f77ad6043735544534460be0a9", 1 },
	{ 2, "76f05ced007c04fe84fbd9027111b18eab21c40a3f32e3447ff3d7027de4dde7",
	  "4fa324123bce78a04a64a50e4f7e3655d9ba4988b4b3d346bf0170d9d2c130fd", 2 },
	{ 130, "c7568853d5dba849eae593532bff22d337ff4edd4b21dc1ef4626679c2dd4bb0",
	  "c2caac33ad9950638a74e9b0bb0917ae033397badca931a1af6e1220e4e06260", 4 },
	{ 16385, "754e850901501e76fbb5083a3620d6ff6676b746d7289e58052d32df84034c9a",
	  "b79fee1b0d0c2073f9be6b771bbaecdf83d3633bc42856f1f16b1f72173b1959", 133 },
};

struct image {
	uint64_t n;
	uint8_t *data, *tree, root[32], salt[32];
	size_t tree_len;
};

static void image_make(struct image *im, uint64_t n)
{
	im->n = n;
	im->data = fx_malloc(n * VERITY_BLOCK_SIZE);
	for (uint64_t i = 0; i < n; i++)
		fx_data_block(i, im->data + i * VERITY_BLOCK_SIZE);
	fx_salt(im->salt);
	im->tree = fx_tree_build(im->data, n, im->salt, im->root, &im->tree_len);
}

static void image_free(struct image *im)
{
	free(im->data);
	free(im->tree);
}

static int tree_verify(struct image *im)
{
	return verity_tree_verify(&vt, im->tree, im->tree_len, im->n, im->root, im->salt, &err);
}

static void fixture_builds_what_veritysetup_writes(void)
{
	for (size_t r = 0; r < sizeof reference / sizeof reference[0]; r++) {
		struct image im;
		uint8_t sha[32];
		char hex[65];

		image_make(&im, reference[r].blocks);
		hex_encode(im.root, 32, hex);
		CHECK_STR(hex, reference[r].root);
		crypto_hash_sha256(sha, im.tree, im.tree_len);
		hex_encode(sha, 32, hex);
		CHECK_STR(hex, reference[r].tree_sha);
		CHECK_INT(im.tree_len / VERITY_BLOCK_SIZE, reference[r].hash_blocks);
		image_free(&im);
	}
}

static void hash_block_counts_match_veritysetup(void)
{
	for (size_t r = 0; r < sizeof reference / sizeof reference[0]; r++)
		CHECK_INT(verity_hash_blocks(reference[r].blocks), reference[r].hash_blocks);
	CHECK_INT(verity_hash_blocks(128), 2);
	CHECK_INT(verity_hash_blocks(129), 4);
	CHECK_INT(verity_hash_blocks(16384), 130);
	CHECK_INT(verity_hash_blocks(VERITY_MAX_DATA_BLOCKS), 1 + 2048 + 16 + 1);
	CHECK(verity_hash_blocks(VERITY_MAX_DATA_BLOCKS) <= VERITY_MAX_HASH_BLOCKS);
	CHECK_INT(verity_hash_blocks(VERITY_MAX_DATA_BLOCKS + 1), 0);
	CHECK_INT(verity_hash_blocks(0), 0);
}

static void every_reference_tree_and_block_verifies(void)
{
	for (size_t r = 0; r < sizeof reference / sizeof reference[0]; r++) {
		struct image im;

		image_make(&im, reference[r].blocks);
		CHECK_INT(tree_verify(&im), 0);
		for (uint64_t i = 0; i < im.n; i++)
			CHECK_INT(verity_block_verify(&vt, i, im.data + i * VERITY_BLOCK_SIZE, &err), 0);
		image_free(&im);
	}
}

static void changed_data_block_is_caught(void)
{
	struct image im;

	image_make(&im, 130);
	CHECK_INT(tree_verify(&im), 0);
	im.data[129 * VERITY_BLOCK_SIZE + 4095] ^= 0x80;
	CHECK_INT(verity_block_verify(&vt, 129, im.data + 129 * VERITY_BLOCK_SIZE, &err), -1);
	CHECK_CONTAINS(err.msg, "data block 129 does not match");
	/* a good block at the wrong index is caught too */
	CHECK_INT(verity_block_verify(&vt, 1, im.data, &err), -1);
	CHECK_INT(verity_block_verify(&vt, 130, im.data, &err), -1);
	CHECK_CONTAINS(err.msg, "beyond");
	image_free(&im);
}

static void single_block_image_hashes_straight_to_the_root(void)
{
	struct image im;

	image_make(&im, 1);
	CHECK_INT(tree_verify(&im), 0);
	CHECK_INT(vt.levels, 0);
	CHECK_INT(verity_block_verify(&vt, 0, im.data, &err), 0);
	im.data[0] ^= 1;
	CHECK_INT(verity_block_verify(&vt, 0, im.data, &err), -1);
	image_free(&im);
}

static void changed_byte_in_any_hash_block_is_caught(void)
{
	struct image im;

	image_make(&im, 16385); /* three levels: 1 + 2 + 129 blocks after the superblock */
	for (size_t b = 1; b < im.tree_len / VERITY_BLOCK_SIZE; b++) {
		size_t at = b * VERITY_BLOCK_SIZE + (b * 37) % VERITY_BLOCK_SIZE;

		im.tree[at] ^= 0x01;
		CHECK_INT(tree_verify(&im), -1);
		im.tree[at] ^= 0x01;
	}
	im.tree[VERITY_BLOCK_SIZE + 5] ^= 0x10;
	CHECK_INT(tree_verify(&im), -1);
	CHECK_CONTAINS(err.msg, "not to the manifest's verity-root");
	im.tree[VERITY_BLOCK_SIZE + 5] ^= 0x10;
	im.tree[im.tree_len - 1] ^= 0x10; /* zero padding of the last leaf block counts too */
	CHECK_INT(tree_verify(&im), -1);
	CHECK_CONTAINS(err.msg, "level 0 block 128 does not match");
	im.tree[im.tree_len - 1] ^= 0x10;
	CHECK_INT(tree_verify(&im), 0);
	image_free(&im);
}

static void wrong_root_or_salt_is_caught(void)
{
	struct image im;

	image_make(&im, 130);
	im.root[0] ^= 1;
	CHECK_INT(tree_verify(&im), -1);
	im.root[0] ^= 1;
	im.salt[0] ^= 1;
	CHECK_INT(tree_verify(&im), -1);
	CHECK_CONTAINS(err.msg, "salt");
	image_free(&im);
}

/* One superblock field changed at a time: each must be refused. */
static void superblock_fields_are_checked(void)
{
	static const struct {
		size_t offset;
		uint8_t value;
		const char *why;
	} edits[] = {
		{ 0, 'V', "signature" },   { 8, 2, "version" },         { 12, 0, "hash type" },
		{ 32, 'S', "sha256" },     { 38, '5', "sha256" },       { 65, 0x02, "block sizes" },
		{ 69, 0x20, "block sizes" }, { 72, 131, "data blocks" }, { 79, 1, "data blocks" },
		{ 80, 16, "salt" },        { 88, 0, "salt" },           { 120, 1, "salt" },
		{ 82, 1, "padding" },      { 500, 1, "padding" },       { 4095, 1, "padding" },
	};
	struct image im;

	image_make(&im, 130);
	for (size_t e = 0; e < sizeof edits / sizeof edits[0]; e++) {
		uint8_t old = im.tree[edits[e].offset];

		im.tree[edits[e].offset] = edits[e].value;
		CHECK_INT(tree_verify(&im), -1);
		CHECK_CONTAINS(err.msg, edits[e].why);
		im.tree[edits[e].offset] = old;
	}
	/* the uuid is free */
	im.tree[16] ^= 0xff;
	CHECK_INT(tree_verify(&im), 0);
	image_free(&im);
}

static void hash_area_of_the_wrong_size_is_refused(void)
{
	struct image im;

	image_make(&im, 130);
	CHECK_INT(verity_tree_verify(&vt, im.tree, im.tree_len - VERITY_BLOCK_SIZE, 130, im.root,
				     im.salt, &err), -1);
	CHECK_CONTAINS(err.msg, "need 4 blocks");
	CHECK_INT(verity_tree_verify(&vt, im.tree, im.tree_len, 129, im.root, im.salt, &err), -1);
	CHECK_INT(verity_tree_verify(&vt, im.tree, im.tree_len, 0, im.root, im.salt, &err), -1);
	CHECK_INT(verity_tree_verify(&vt, im.tree, im.tree_len, VERITY_MAX_DATA_BLOCKS + 1, im.root,
				     im.salt, &err), -1);
	CHECK_CONTAINS(err.msg, "must be 1..262144");
	image_free(&im);
}

/* The real tool with its random salt, when it is installed (image/deps.sh installs it). */
static void live_veritysetup_image_verifies(void)
{
	char dir[] = "/tmp/test_update_verity.XXXXXX", cmd[512], path[64], line[256];
	uint8_t root[32], salt[32];
	uint64_t n = 300;
	struct image im;
	FILE *f;
	int got = 0;

	if (access("/usr/sbin/veritysetup", X_OK) != 0 && access("/sbin/veritysetup", X_OK) != 0) {
		printf("# veritysetup not installed: live check skipped\n");
		return;
	}
	CHECK(mkdtemp(dir) != NULL);
	image_make(&im, n);
	snprintf(path, sizeof path, "%s/img", dir);
	f = fopen(path, "wb");
	CHECK(f != NULL);
	CHECK_INT(fwrite(im.data, 1, n * VERITY_BLOCK_SIZE, f), n * VERITY_BLOCK_SIZE);
	CHECK_INT(fclose(f), 0);
	snprintf(cmd, sizeof cmd,
		 "PATH=/usr/sbin:/sbin:$PATH veritysetup format %s %s --hash-offset=%llu "
		 "--data-blocks=%llu > %s/out 2>&1",
		 path, path, (unsigned long long)(n * VERITY_BLOCK_SIZE), (unsigned long long)n, dir);
	CHECK_INT(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "%s/out", dir);
	f = fopen(cmd, "r");
	CHECK(f != NULL);
	while (fgets(line, sizeof line, f) != NULL) {
		char hex[65];

		if (sscanf(line, "Root hash: %64s", hex) == 1 && hex_decode(hex, 64, root, 32) == 0)
			got |= 1;
		if (sscanf(line, "Salt: %64s", hex) == 1 && hex_decode(hex, 64, salt, 32) == 0)
			got |= 2;
	}
	fclose(f);
	CHECK_INT(got, 3);
	f = fopen(path, "rb");
	CHECK(f != NULL);
	free(im.tree);
	im.tree_len = verity_hash_blocks(n) * VERITY_BLOCK_SIZE;
	im.tree = fx_malloc(im.tree_len);
	CHECK_INT(fseek(f, (long)(n * VERITY_BLOCK_SIZE), SEEK_SET), 0);
	CHECK_INT(fread(im.tree, 1, im.tree_len, f), im.tree_len);
	CHECK(fgetc(f) == EOF);
	fclose(f);
	memcpy(im.root, root, 32);
	memcpy(im.salt, salt, 32);
	CHECK_INT(tree_verify(&im), 0);
	for (uint64_t i = 0; i < n; i++)
		CHECK_INT(verity_block_verify(&vt, i, im.data + i * VERITY_BLOCK_SIZE, &err), 0);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	CHECK_INT(system(cmd), 0);
	image_free(&im);
}

int main(void)
{
	RUN(fixture_builds_what_veritysetup_writes);
	RUN(hash_block_counts_match_veritysetup);
	RUN(every_reference_tree_and_block_verifies);
	RUN(changed_data_block_is_caught);
	RUN(single_block_image_hashes_straight_to_the_root);
	RUN(changed_byte_in_any_hash_block_is_caught);
	RUN(wrong_root_or_salt_is_caught);
	RUN(superblock_fields_are_checked);
	RUN(hash_area_of_the_wrong_size_is_refused);
	RUN(live_veritysetup_image_verifies);
	return check_done();
}
