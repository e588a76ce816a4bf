#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "bundle_verify.h"
#include "manifest.h"
#include "nodebundle.h"
#include "tar_header.h"
#include "verity_tree.h"

#define CREATE_READ_BLOCKS 256 /* 1 MiB of root image per read */

struct create_args {
	const char *root, *verity, *uki, *version, *min_version, *product, *out;
};

static void args_parse(int argc, char **argv, struct create_args *a)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "verity", required_argument, NULL, 'V' },
		{ "uki", required_argument, NULL, 'u' },
		{ "version", required_argument, NULL, 'v' },
		{ "min-version", required_argument, NULL, 'm' },
		{ "product", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof *a);
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'r': a->root = optarg; break;
		case 'V': a->verity = optarg; break;
		case 'u': a->uki = optarg; break;
		case 'v': a->version = optarg; break;
		case 'm': a->min_version = optarg; break;
		case 'p': a->product = optarg; break;
		case 'o': a->out = optarg; break;
		default: nb_usage("create: unknown option");
		}
	}
	if (optind != argc)
		nb_usage("create: unexpected argument \"%s\"", argv[optind]);
	if (!a->root || !a->verity || !a->uki || !a->version || !a->min_version || !a->product ||
	    !a->out)
		nb_usage("create needs --root, --verity, --uki, --version, --min-version, --product "
			 "and -o");
}

static off_t regular_size(int fd, const char *path)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		nb_die(NB_EXIT_SYS, "%s: stat: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		nb_die(NB_EXIT_BAD, "%s: not a regular file", path);
	return st.st_size;
}

/* The manifest text for m; it is also parsed back, so create never writes one the node refuses. */
static size_t manifest_text(const struct manifest *m, char *text)
{
	struct manifest back;
	struct upd_error err;
	size_t len;

	if (manifest_format(m, text, MANIFEST_MAX_BYTES + 1, &len, &err) < 0 ||
	    manifest_parse(text, len, &back, &err) < 0)
		nb_die_upd("manifest", &err);
	return len;
}

static void write_member_header(int fd, const char *out, const char *name, uint64_t size)
{
	uint8_t block[TAR_BLOCK_SIZE];
	struct upd_error err;

	if (tar_header_build(block, name, size, nb_member_mtime(), &err) < 0)
		nb_die_upd(out, &err);
	nb_write_all(fd, block, sizeof block, out);
}

/* root.img as a bundle stores it: superblock and hash levels first, then the data blocks, every
 * one checked against the tree (so a stale .verity file or a damaged image is caught here). */
static void copy_root(int in, const struct create_args *a, const struct nb_verity_env *env,
		      struct manifest *m, int out)
{
	size_t tree_bytes = (size_t)(m->hash_blocks * VERITY_BLOCK_SIZE);
	uint8_t *tree = nb_malloc(tree_bytes), *buf = nb_malloc(CREATE_READ_BLOCKS * VERITY_BLOCK_SIZE);
	off_t data_bytes = (off_t)(m->data_blocks * VERITY_BLOCK_SIZE);
	crypto_hash_sha256_state h;
	struct verity_tree vt;
	struct upd_error err;
	uint64_t i, k;

	nb_pread_exact(in, tree, tree_bytes, data_bytes, a->root);
	if (verity_tree_verify(&vt, tree, tree_bytes, m->data_blocks, env->root, env->salt, &err) < 0)
		nb_die(NB_EXIT_BAD, "%s: hash tree does not match %s: %s", a->root, a->verity,
		       err.msg);
	(void)crypto_hash_sha256_init(&h);
	(void)crypto_hash_sha256_update(&h, tree, tree_bytes);
	nb_write_all(out, tree, tree_bytes, a->out);
	for (i = 0; i < m->data_blocks; i += k) {
		k = m->data_blocks - i < CREATE_READ_BLOCKS ? m->data_blocks - i : CREATE_READ_BLOCKS;
		nb_pread_exact(in, buf, (size_t)k * VERITY_BLOCK_SIZE, (off_t)(i * VERITY_BLOCK_SIZE),
			       a->root);
		for (uint64_t j = 0; j < k; j++)
			if (verity_block_verify(&vt, i + j, buf + j * VERITY_BLOCK_SIZE, &err) < 0)
				nb_die(NB_EXIT_BAD, "%s: %s", a->root, err.msg);
		(void)crypto_hash_sha256_update(&h, buf, (size_t)k * VERITY_BLOCK_SIZE);
		nb_write_all(out, buf, (size_t)k * VERITY_BLOCK_SIZE, a->out);
	}
	(void)crypto_hash_sha256_final(&h, m->payload[MANIFEST_ROOT].sha256);
	free(tree);
	free(buf);
}

static void copy_plain(int in, const char *path, struct manifest_payload *p, int out,
		       const char *outpath)
{
	uint8_t *buf = nb_malloc(BUNDLE_CHUNK_BYTES);
	crypto_hash_sha256_state h;
	uint64_t off = 0;

	(void)crypto_hash_sha256_init(&h);
	while (off < p->size) {
		size_t n = p->size - off < BUNDLE_CHUNK_BYTES ? (size_t)(p->size - off)
							      : BUNDLE_CHUNK_BYTES;

		nb_read_exact(in, buf, n, path);
		(void)crypto_hash_sha256_update(&h, buf, n);
		nb_write_all(out, buf, n, outpath);
		off += n;
	}
	(void)crypto_hash_sha256_final(&h, p->sha256);
	nb_write_zeros(out, (size_t)(tar_padded_size(p->size) - p->size), outpath);
	free(buf);
}

static void manifest_init(const struct create_args *a, const struct nb_verity_env *env,
			  off_t root_size, off_t uki_size, struct manifest *m)
{
	struct upd_error err;
	uint64_t want;

	memset(m, 0, sizeof *m);
	m->format = MANIFEST_FORMAT;
	if (strlen(a->product) > MANIFEST_PRODUCT_MAX)
		nb_die(NB_EXIT_USAGE, "--product \"%s\" is longer than %d", a->product,
		       MANIFEST_PRODUCT_MAX);
	strcpy(m->product, a->product);
	if (version_parse(a->version, strlen(a->version), &m->version, &err) < 0)
		nb_die_upd("--version", &err);
	if (version_parse(a->min_version, strlen(a->min_version), &m->min_version, &err) < 0)
		nb_die_upd("--min-version", &err);
	if (env->data_blocks > VERITY_MAX_DATA_BLOCKS)
		nb_die(NB_EXIT_POLICY, "%s: %llu data blocks; nodes accept at most %llu (1 GiB)",
		       a->root, (unsigned long long)env->data_blocks,
		       (unsigned long long)VERITY_MAX_DATA_BLOCKS);
	m->data_blocks = env->data_blocks;
	m->hash_blocks = verity_hash_blocks(env->data_blocks);
	want = (m->data_blocks + m->hash_blocks) * VERITY_BLOCK_SIZE;
	if ((uint64_t)root_size != want)
		nb_die(NB_EXIT_BAD,
		       "%s is %lld bytes; %llu data blocks with their superblock and hash tree make "
		       "%llu (is %s the right .verity file?)",
		       a->root, (long long)root_size, (unsigned long long)m->data_blocks,
		       (unsigned long long)want, a->verity);
	if (uki_size <= 0 || (uint64_t)uki_size > BUNDLE_UKI_MAX_BYTES)
		nb_die(NB_EXIT_POLICY, "%s is %lld bytes; it must be 1..%llu", a->uki,
		       (long long)uki_size, (unsigned long long)BUNDLE_UKI_MAX_BYTES);
	memcpy(m->verity_root, env->root, sizeof m->verity_root);
	memcpy(m->verity_salt, env->salt, sizeof m->verity_salt);
	strcpy(m->payload[MANIFEST_ROOT].name, MANIFEST_ROOT_NAME);
	m->payload[MANIFEST_ROOT].size = want;
	strcpy(m->payload[MANIFEST_UKI].name, MANIFEST_UKI_NAME);
	m->payload[MANIFEST_UKI].size = (uint64_t)uki_size;
}

int nb_create(int argc, char **argv)
{
	char text[MANIFEST_MAX_BYTES + 1], text2[MANIFEST_MAX_BYTES + 1], tmp[PATH_MAX];
	struct create_args a;
	struct nb_verity_env env;
	struct manifest m;
	size_t len, len2;
	int root, uki, out;
	char v[VERSION_STR_MAX];

	args_parse(argc, argv, &a);
	if (sodium_init() < 0)
		nb_die(NB_EXIT_SYS, "libsodium failed to initialise");
	nb_verity_env_load(a.verity, &env);
	root = nb_open_read(a.root);
	uki = nb_open_read(a.uki);
	manifest_init(&a, &env, regular_size(root, a.root), regular_size(uki, a.uki), &m);
	/* hashes are fixed width: the text with placeholders has the final length */
	len = manifest_text(&m, text);

	out = nb_tmp_create(a.out, tmp, sizeof tmp);
	write_member_header(out, a.out, BUNDLE_MEMBER_MANIFEST, len);
	nb_write_zeros(out, (size_t)tar_padded_size(len), a.out);
	write_member_header(out, a.out, MANIFEST_ROOT_NAME, m.payload[MANIFEST_ROOT].size);
	copy_root(root, &a, &env, &m, out);
	write_member_header(out, a.out, MANIFEST_UKI_NAME, m.payload[MANIFEST_UKI].size);
	copy_plain(uki, a.uki, &m.payload[MANIFEST_UKI], out, a.out);
	nb_write_zeros(out, TAR_END_BLOCKS * TAR_BLOCK_SIZE, a.out);

	len2 = manifest_text(&m, text2);
	if (len2 != len)
		nb_die(NB_EXIT_SYS, "manifest length changed (%zu, then %zu)", len, len2);
	nb_pwrite_all(out, text2, len2, TAR_BLOCK_SIZE, a.out);
	nb_tmp_commit(out, tmp, a.out);
	if (close(root) < 0 || close(uki) < 0)
		nb_die(NB_EXIT_SYS, "close: %s", strerror(errno));
	printf("nodebundle: wrote %s (unsigned): %s %s, root.img %llu data blocks, uki.efi %llu "
	       "bytes\n"
	       "nodebundle: sign it: nodebundle sign -s KEY %s\n",
	       a.out, m.product, version_format(&m.version, v), (unsigned long long)m.data_blocks,
	       (unsigned long long)m.payload[MANIFEST_UKI].size, a.out);
	return NB_EXIT_OK;
}
