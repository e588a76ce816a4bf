/* Fixtures for the update tests and fuzz targets: a fixed minisign key pair (made with minisign
 * 0.11 -G -W, test use only), a dm-verity tree builder written from REFERENCE C.4 independently of
 * update/lib/verity_tree.c, and a bundle assembler whose parts tests can break one at a time. */
#ifndef TEST_UPDATE_FIXTURE_H
#define TEST_UPDATE_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sodium.h>

#include "bundle_verify.h"
#include "hex.h"
#include "manifest.h"
#include "minisign.h"
#include "tar_header.h"
#include "verity_tree.h"

/* minisign -G -W; key id 57870C89E1EABC72 */
#define FX_PUBKEY_FILE \
	"untrusted comment: minisign public key 57870C89E1EABC72\n" \
	"RWRyvOrhiQyHV579c6dI3M9xLdTnxU5h+ckoJd5kbmRNn+r++prZ9nTI\n"
#define FX_KEY_ID 0x57870C89E1EABC72ULL
#define FX_SEED_HEX "5821ef4ccc21d0a8f44db316c5f98dc2970f94d0237e8bdb55812cc6428792f4"
#define FX_KEYNUM_HEX "72bceae1890c8757"
/* a second key, for rotation and wrong-key cases; key id B12CF334B0F98489 */
#define FX_OTHER_PUBKEY_FILE \
	"untrusted comment: minisign public key B12CF334B0F98489\n" \
	"RWSJhPmwNPMssWWf/05IZplKUwXoldDIRpg8B68f9CdKaTUmsyDuly+G\n"
#define FX_OTHER_KEY_ID 0xB12CF334B0F98489ULL
#define FX_OTHER_SEED_HEX "ddd38ea46a103bde498c47b5efba6e375cd3b9307277cb5872a7bb6806f70e9b"
#define FX_OTHER_KEYNUM_HEX "8984f9b034f32cb1"

/* `minisign -S -s fixed.key -m msg -t ...` over FX_SIGNED_MSG, made by minisign 0.11 */
#define FX_SIGNED_MSG "format 1\nproduct node\n"
#define FX_SIG_FILE \
	"untrusted comment: signature from minisign secret key\n" \
	"RURyvOrhiQyHV4XxXOu3/xGgtNNhqEW2gDltErrS4dvFsDBmNbgEg1rP1Onq53BjVOFDTZgbe9ipU6czhFkCtx94mC6kc9aCFgA=\n" \
	"trusted comment: timestamp:1700000000\tfile:manifest\thashed\n" \
	"Mli538S/93FbfEdDsB6TsLj+fTG3QTEOPbAa/nj7WkQILk6NunnV4MTprNIEwKY291bHHA8kRzYGB60cEgaQAg==\n"
/* the same message signed with minisign -l (legacy "Ed") */
#define FX_LEGACY_SIG_FILE \
	"untrusted comment: signature from minisign secret key\n" \
	"RWRyvOrhiQyHV6XbnXMI9l6b3jG4h80gReFe93nLzb5GZK75sR2Y9TIPAKIaPHGiZdFh/uIHgk2uZHNUZARuavkLo1LcjnXiCAo=\n" \
	"trusted comment: timestamp:1700000000\tfile:manifest\n" \
	"rs2IDgiZxMdK1F4qMkHRMHwEf3kQdNYwMTtYRYhEP16bBlBBYcmjk5FyCU8INas53aYc+P+ztQCQ+/uCW2h5BA==\n"

#define FX_SIG_MAX 1024
#define FX_UKI_LEN 70001          /* not a multiple of 512: the member needs padding */
#define FX_UUID "\x01\x23\x45\x67\x89\xab\x4d\xef\x81\x23\x45\x67\x89\xab\xcd\xef"

static inline void fx_die(const char *what)
{
	fprintf(stderr, "fixture: %s\n", what);
	exit(2);
}

static inline void *fx_malloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (p == NULL)
		fx_die("out of memory");
	return p;
}

/* The data pattern the veritysetup reference values were made with. */
static inline void fx_data_block(uint64_t i, uint8_t *block)
{
	for (size_t j = 0; j < VERITY_BLOCK_SIZE; j++)
		block[j] = (uint8_t)((i * 131 + j * 7 + (j >> 8)) & 0xff);
}

static inline void fx_salt(uint8_t salt[32])
{
	for (int k = 0; k < 32; k++)
		salt[k] = (uint8_t)(0xa0 + k);
}

static inline void fx_salted_hash(const uint8_t *salt, const uint8_t *block, uint8_t out[32])
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, salt, 32);
	crypto_hash_sha256_update(&st, block, VERITY_BLOCK_SIZE);
	crypto_hash_sha256_final(&st, out);
}

/* What veritysetup format writes after n data blocks (superblock, levels top first) and the root
 * hash. Returns the tree (malloc) and its length in *len. */
static inline uint8_t *fx_tree_build(const uint8_t *data, uint64_t n, const uint8_t salt[32],
				     uint8_t root[32], size_t *len)
{
	uint64_t count[8], levels = 0, blocks = 1, c = n;
	uint8_t *level[8], *tree, *p;

	while (c > 1) {
		c = (c + 127) / 128;
		count[levels++] = c;
		blocks += c;
	}
	tree = fx_malloc(blocks * VERITY_BLOCK_SIZE);
	/* level 0 from the data, each level above from the one below */
	for (uint64_t l = 0; l < levels; l++) {
		uint64_t below = l == 0 ? n : count[l - 1];

		level[l] = fx_malloc(count[l] * VERITY_BLOCK_SIZE);
		for (uint64_t i = 0; i < below; i++)
			fx_salted_hash(salt, (l == 0 ? data : level[l - 1]) + i * VERITY_BLOCK_SIZE,
				       level[l] + i * 32);
	}
	fx_salted_hash(salt, levels ? level[levels - 1] : data, root);
	/* superblock (little-endian fields, see struct verity_superblock_raw) */
	memcpy(tree, "verity\0\0", 8);
	tree[8] = 1;                      /* version */
	tree[12] = 1;                     /* hash type */
	memcpy(tree + 16, FX_UUID, 16);
	memcpy(tree + 32, "sha256", 6);
	tree[65] = 0x10;                  /* data block size 4096 */
	tree[69] = 0x10;                  /* hash block size 4096 */
	for (int b = 0; b < 8; b++)
		tree[72 + b] = (uint8_t)(n >> (8 * b));
	tree[80] = 32;                    /* salt size */
	memcpy(tree + 88, salt, 32);
	p = tree + VERITY_BLOCK_SIZE;
	for (uint64_t l = levels; l-- > 0;) {
		memcpy(p, level[l], count[l] * VERITY_BLOCK_SIZE);
		p += count[l] * VERITY_BLOCK_SIZE;
		free(level[l]);
	}
	*len = blocks * VERITY_BLOCK_SIZE;
	return tree;
}

static inline void fx_unhex(const char *hex, uint8_t *out, size_t n)
{
	if (hex_decode(hex, strlen(hex), out, n) < 0)
		fx_die("bad hex constant");
}

static inline void fx_keyring(struct minisign_keyring *ring, int with_other)
{
	struct minisign_pubkey pk;
	struct upd_error err;

	memset(ring, 0, sizeof *ring);
	if (minisign_pubkey_parse_file((const uint8_t *)FX_PUBKEY_FILE, strlen(FX_PUBKEY_FILE), &pk,
				       &err) < 0 ||
	    minisign_keyring_add(ring, &pk, &err) < 0)
		fx_die(err.msg);
	if (!with_other)
		return;
	if (minisign_pubkey_parse_file((const uint8_t *)FX_OTHER_PUBKEY_FILE,
				       strlen(FX_OTHER_PUBKEY_FILE), &pk, &err) < 0 ||
	    minisign_keyring_add(ring, &pk, &err) < 0)
		fx_die(err.msg);
}

/* A minisign "ED" signature file of msg (or legacy "Ed" when legacy is set) made with libsodium. */
static inline size_t fx_sign_with(const char *seed_hex, const char *keynum_hex, const void *msg,
				  size_t len, const char *comment, int legacy, char *out)
{
	uint8_t seed[32], pk[32], sk[64], raw[74], digest[64], global[64];
	uint8_t *signed_comment = fx_malloc(64 + strlen(comment));
	char b64a[128], b64b[128];
	int n;

	if (sodium_init() < 0)
		fx_die("sodium_init");
	fx_unhex(seed_hex, seed, 32);
	crypto_sign_seed_keypair(pk, sk, seed);
	memcpy(raw, legacy ? "Ed" : "ED", 2);
	fx_unhex(keynum_hex, raw + 2, 8);
	if (legacy) {
		crypto_sign_detached(raw + 10, NULL, msg, len, sk);
	} else {
		crypto_generichash(digest, 64, msg, len, NULL, 0);
		crypto_sign_detached(raw + 10, NULL, digest, 64, sk);
	}
	memcpy(signed_comment, raw + 10, 64);
	memcpy(signed_comment + 64, comment, strlen(comment));
	crypto_sign_detached(global, NULL, signed_comment, 64 + strlen(comment), sk);
	free(signed_comment);
	sodium_bin2base64(b64a, sizeof b64a, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(b64b, sizeof b64b, global, sizeof global, sodium_base64_VARIANT_ORIGINAL);
	n = snprintf(out, FX_SIG_MAX,
		     "untrusted comment: fixture signature\n%s\ntrusted comment: %s\n%s\n", b64a,
		     comment, b64b);
	if (n < 0 || n >= FX_SIG_MAX)
		fx_die("signature too long");
	return (size_t)n;
}

static inline size_t fx_sign(const void *msg, size_t len, const char *comment, char *out)
{
	return fx_sign_with(FX_SEED_HEX, FX_KEYNUM_HEX, msg, len, comment, 0, out);
}

/* A complete bundle in parts. */
struct fx_bundle {
	uint64_t data_blocks;
	uint8_t *slot;           /* installed layout: data, superblock, hash levels */
	size_t slot_len;
	uint8_t *root;           /* root.img as the bundle stores it: tree first */
	size_t root_len;
	uint8_t *uki;
	size_t uki_len;
	struct manifest m;
	char manifest[MANIFEST_MAX_BYTES + 1];
	size_t manifest_len;
	char sig[FX_SIG_MAX];
	size_t sig_len;
};

static inline void fx_bundle_sign(struct fx_bundle *b, const char *comment)
{
	struct upd_error err;

	if (manifest_format(&b->m, b->manifest, sizeof b->manifest, &b->manifest_len, &err) < 0)
		fx_die(err.msg);
	b->sig_len = fx_sign(b->manifest, b->manifest_len, comment, b->sig);
}

static inline void fx_bundle_init(struct fx_bundle *b, uint64_t data_blocks)
{
	uint8_t salt[32], root_hash[32];
	size_t tree_len, data_len = data_blocks * VERITY_BLOCK_SIZE;
	uint8_t *data = fx_malloc(data_len), *tree;

	memset(b, 0, sizeof *b);
	b->data_blocks = data_blocks;
	for (uint64_t i = 0; i < data_blocks; i++)
		fx_data_block(i, data + i * VERITY_BLOCK_SIZE);
	fx_salt(salt);
	tree = fx_tree_build(data, data_blocks, salt, root_hash, &tree_len);
	b->slot_len = b->root_len = data_len + tree_len;
	b->slot = fx_malloc(b->slot_len);
	b->root = fx_malloc(b->root_len);
	memcpy(b->slot, data, data_len);
	memcpy(b->slot + data_len, tree, tree_len);
	memcpy(b->root, tree, tree_len);
	memcpy(b->root + tree_len, data, data_len);
	free(data);
	free(tree);
	b->uki_len = FX_UKI_LEN;
	b->uki = fx_malloc(b->uki_len);
	for (size_t i = 0; i < b->uki_len; i++)
		b->uki[i] = (uint8_t)(i * 13 + 5);

	b->m.format = MANIFEST_FORMAT;
	strcpy(b->m.product, "node");
	b->m.version = (struct version){ 2, 0, 0 };
	b->m.min_version = (struct version){ 1, 0, 0 };
	strcpy(b->m.payload[MANIFEST_ROOT].name, MANIFEST_ROOT_NAME);
	b->m.payload[MANIFEST_ROOT].size = b->root_len;
	crypto_hash_sha256(b->m.payload[MANIFEST_ROOT].sha256, b->root, b->root_len);
	strcpy(b->m.payload[MANIFEST_UKI].name, MANIFEST_UKI_NAME);
	b->m.payload[MANIFEST_UKI].size = b->uki_len;
	crypto_hash_sha256(b->m.payload[MANIFEST_UKI].sha256, b->uki, b->uki_len);
	memcpy(b->m.verity_root, root_hash, 32);
	memcpy(b->m.verity_salt, salt, 32);
	b->m.data_blocks = data_blocks;
	b->m.hash_blocks = tree_len / VERITY_BLOCK_SIZE;
	fx_bundle_sign(b, "timestamp:1700000000\tfile:manifest\thashed");
}

static inline void fx_bundle_free(struct fx_bundle *b)
{
	free(b->slot);
	free(b->root);
	free(b->uki);
}

/* Members for fx_tar: name, bytes. */
struct fx_member {
	const char *name;
	const void *data;
	size_t len;
};

/* A ustar archive of the members, then the two zero blocks. Returns it (malloc), length in *len. */
static inline uint8_t *fx_tar(const struct fx_member *m, size_t n, size_t *len)
{
	size_t total = TAR_END_BLOCKS * TAR_BLOCK_SIZE, off = 0;
	struct upd_error err;
	uint8_t *out;

	for (size_t i = 0; i < n; i++)
		total += TAR_BLOCK_SIZE + tar_padded_size(m[i].len);
	out = fx_malloc(total);
	for (size_t i = 0; i < n; i++) {
		if (tar_header_build(out + off, m[i].name, m[i].len, 1700000000, &err) < 0)
			fx_die(err.msg);
		off += TAR_BLOCK_SIZE;
		memcpy(out + off, m[i].data, m[i].len);
		off += tar_padded_size(m[i].len);
	}
	*len = total;
	return out;
}

/* The four members in order. */
static inline size_t fx_bundle_members(const struct fx_bundle *b, struct fx_member m[4])
{
	m[0] = (struct fx_member){ BUNDLE_MEMBER_MANIFEST, b->manifest, b->manifest_len };
	m[1] = (struct fx_member){ BUNDLE_MEMBER_SIG, b->sig, b->sig_len };
	m[2] = (struct fx_member){ MANIFEST_ROOT_NAME, b->root, b->root_len };
	m[3] = (struct fx_member){ MANIFEST_UKI_NAME, b->uki, b->uki_len };
	return 4;
}

static inline uint8_t *fx_bundle_tar(const struct fx_bundle *b, size_t *len)
{
	struct fx_member m[4];

	return fx_tar(m, fx_bundle_members(b, m), len);
}

/* An fd reading bytes from the start (a memfd: no temporary files). */
static inline int fx_fd(const void *bytes, size_t len)
{
	int fd = memfd_create("bundle", MFD_CLOEXEC);
	const uint8_t *p = bytes;

	if (fd < 0)
		fx_die("memfd_create");
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			fx_die("write to memfd");
		p += n;
		len -= (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		fx_die("lseek");
	return fd;
}

#endif
