/* Writes seed corpora for the fuzz targets into DIR/<target>/: valid headers, manifests, keys,
 * signatures and small bundles, so the fuzzers start from inputs that reach deep code.
 *   make_seeds DIR */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "test_update_fixture.h"

static const char *dir;

static void seed(const char *target, const char *name, const void *a, size_t alen, const void *b,
		 size_t blen)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, target);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		fx_die("mkdir");
	snprintf(path, sizeof path, "%s/%s/%s", dir, target, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(a, 1, alen, f) != alen || (blen && fwrite(b, 1, blen, f) != blen) ||
	    fclose(f) != 0)
		fx_die(path);
}

/* A small bundle: 3 data blocks, a 1000-byte UKI. */
static void small_bundle(struct fx_bundle *b, uint64_t blocks)
{
	fx_bundle_init(b, blocks);
	b->uki_len = 1000;
	b->m.payload[MANIFEST_UKI].size = b->uki_len;
	crypto_hash_sha256(b->m.payload[MANIFEST_UKI].sha256, b->uki, b->uki_len);
	fx_bundle_sign(b, "timestamp:1700000000\tfile:manifest\thashed");
}

int main(int argc, char **argv)
{
	static const char *const bls[] = { "node-a+3.efi", "node-b+2-1.efi", "node-a.efi",
					   "appliance_1.1+0-3.conf", "a+b+09-01.efi" };
	struct fx_bundle b;
	struct fx_member m[4];
	uint8_t block[TAR_BLOCK_SIZE], *tar, sel;
	struct upd_error err;
	size_t len, n;
	char name[32];

	if (argc != 2)
		fx_die("usage: make_seeds DIR");
	dir = argv[1];
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		fx_die("mkdir");
	for (uint64_t blocks = 1; blocks <= 3; blocks += 2) {
		small_bundle(&b, blocks);
		tar = fx_bundle_tar(&b, &len);
		snprintf(name, sizeof name, "bundle%llu", (unsigned long long)blocks);
		seed("fuzz_bundle_verify", name, tar, len, NULL, 0);
		/* fuzz_bundle_signed: length, manifest, then everything after the signature member */
		n = 3 * TAR_BLOCK_SIZE + tar_padded_size(b.manifest_len) + tar_padded_size(b.sig_len) -
		    TAR_BLOCK_SIZE;
		{
			uint8_t *in = fx_malloc(2 + b.manifest_len + len - n);

			in[0] = (uint8_t)b.manifest_len;
			in[1] = (uint8_t)(b.manifest_len >> 8);
			memcpy(in + 2, b.manifest, b.manifest_len);
			memcpy(in + 2 + b.manifest_len, tar + n, len - n);
			seed("fuzz_bundle_signed", name, in, 2 + b.manifest_len + len - n, NULL, 0);
			free(in);
		}
		seed("fuzz_manifest", name, b.manifest, b.manifest_len, NULL, 0);
		fx_bundle_members(&b, m);
		for (int i = 0; i < 4; i++) {
			if (tar_header_build(block, m[i].name, m[i].len, 1700000000, &err) < 0)
				fx_die(err.msg);
			snprintf(name, sizeof name, "h%d", i);
			seed("fuzz_tar_header", name, block, sizeof block, NULL, 0);
		}
		free(tar);
		fx_bundle_free(&b);
	}
	sel = 0;
	seed("fuzz_minisign", "pubkey", &sel, 1, FX_PUBKEY_FILE, strlen(FX_PUBKEY_FILE));
	sel = 1;
	seed("fuzz_minisign", "b64", &sel, 1, "RWRyvOrhiQyHV579c6dI3M9xLdTnxU5h+ckoJd5kbmRNn+r++prZ9nTI",
	     56);
	sel = 2;
	seed("fuzz_minisign", "sig", &sel, 1, FX_SIG_FILE, strlen(FX_SIG_FILE));
	seed("fuzz_minisign", "legacy", &sel, 1, FX_LEGACY_SIG_FILE, strlen(FX_LEGACY_SIG_FILE));
	for (size_t i = 0; i < sizeof bls / sizeof bls[0]; i++) {
		snprintf(name, sizeof name, "n%zu", i);
		seed("fuzz_bls_name", name, bls[i], strlen(bls[i]), NULL, 0);
	}
	return 0;
}
