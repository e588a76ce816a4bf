/*
 * nodeseal: the staging side of the node's sealed secrets (init/seal_format.h).
 *
 *   nodeseal keygen SECRET_KEY_OUT PUBLIC_KEY_OUT     a node key pair (secret file mode 0600)
 *   nodeseal keyid KEYFILE                            the id a key is known by (public or secret)
 *   nodeseal sealkey OUT                              a staging key that makes sealing repeatable
 *   nodeseal seal PUBLIC_KEY SEAL_KEY NAME MODE IN OUT
 *   nodeseal open SECRET_KEY IN                       the content, on standard output
 *
 * Sealing is libsodium's sealed box (X25519 + XSalsa20-Poly1305), so only the node key opens it.
 * The ephemeral key is not random but derived with a keyed hash (BLAKE2b keyed with the staging
 * seal key) from the recipient, the name, the mode and the content: the same inputs give the same
 * bytes, so images stay reproducible; without the seal key nobody can recompute the ephemeral key
 * to test a guessed plaintext. What it reveals: that a secret did not change between two builds.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errbuf.h"
#include "fileio.h"
#include "seal_format.h"

#define SEAL_KEY_TAG "seal-key"

static const char *prog = "nodeseal";

static int fail(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return 1;
}

/* Writes a new file (never over an existing one) with mode, all or nothing. */
static int write_new(const char *path, const void *buf, size_t len, mode_t mode)
{
	char tmp[4096];
	const uint8_t *p = buf;
	int fd;

	if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto bad;
		p += w;
		len -= (size_t)w;
	}
	if (fchmod(fd, mode) != 0 || fsync(fd) != 0)
		goto bad;
	if (close(fd) != 0) {
		fd = -1;
		goto bad;
	}
	if (link(tmp, path) != 0) {	/* fails if path exists: a key is never overwritten */
		int e = errno;

		unlink(tmp);
		errno = e;
		return -1;
	}
	return unlink(tmp);
bad:
	{
		int e = errno;

		if (fd >= 0)
			close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
}

static int write_key(const char *path, const char *tag, const uint8_t key[SEAL_KEY_LEN],
		     mode_t mode)
{
	char text[SEAL_KEYFILE_MAX];
	size_t n = (size_t)snprintf(text, sizeof text, "%s ", tag), i;

	for (i = 0; i < SEAL_KEY_LEN; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%02x", key[i]);
	text[n++] = '\n';
	i = (size_t)write_new(path, text, n, mode);
	sodium_memzero(text, sizeof text);
	return (int)i;
}

static int load_key(const char *path, const char *tag, uint8_t key[SEAL_KEY_LEN])
{
	uint8_t text[SEAL_KEYFILE_MAX];
	char why[ERR_MAX];
	size_t len;
	int r;

	if (file_read_all(path, (char *)text, sizeof text, &len) != 0)
		return fail("key %s: %s", path, strerror(errno));
	r = seal_key_parse((const char *)text, len, tag, key, why, sizeof why);
	sodium_memzero(text, sizeof text);
	if (r != 0)
		return fail("key %s: %s", path, why);
	return 0;
}

/* A public key from either key file: a secret one is turned into its public half. */
static int load_public(const char *path, uint8_t pk[SEAL_KEY_LEN])
{
	uint8_t text[SEAL_KEYFILE_MAX], sk[SEAL_KEY_LEN];
	char why[ERR_MAX];
	size_t len;
	int r;

	if (file_read_all(path, (char *)text, sizeof text, &len) != 0)
		return fail("key %s: %s", path, strerror(errno));
	if (len > strlen(SEAL_SECRET_TAG) &&
	    memcmp(text, SEAL_SECRET_TAG " ", strlen(SEAL_SECRET_TAG) + 1) == 0) {
		r = seal_key_parse((const char *)text, len, SEAL_SECRET_TAG, sk, why, sizeof why);
		if (r == 0 && crypto_scalarmult_base(pk, sk) != 0)
			snprintf(why, sizeof why, "not a usable X25519 key"), r = -1;
		sodium_memzero(sk, sizeof sk);
	} else {
		r = seal_key_parse((const char *)text, len, SEAL_PUBLIC_TAG, pk, why, sizeof why);
	}
	sodium_memzero(text, sizeof text);
	return r == 0 ? 0 : fail("key %s: %s", path, why);
}

static void keyid_of(const uint8_t pk[SEAL_KEY_LEN], char hex[2 * SEAL_KEYID_LEN + 1])
{
	uint8_t h[crypto_generichash_BYTES];

	crypto_generichash(h, sizeof h, pk, SEAL_KEY_LEN, NULL, 0);
	seal_keyid_hex(h, hex);
}

static int cmd_keygen(const char *skpath, const char *pkpath)
{
	uint8_t pk[SEAL_KEY_LEN], sk[SEAL_KEY_LEN];
	char id[2 * SEAL_KEYID_LEN + 1];

	crypto_box_keypair(pk, sk);
	if (write_key(skpath, SEAL_SECRET_TAG, sk, 0600) != 0) {
		sodium_memzero(sk, sizeof sk);
		return fail("keygen: write %s: %s", skpath, strerror(errno));
	}
	sodium_memzero(sk, sizeof sk);
	if (write_key(pkpath, SEAL_PUBLIC_TAG, pk, 0644) != 0)
		return fail("keygen: write %s: %s", pkpath, strerror(errno));
	keyid_of(pk, id);
	printf("nodeseal: node key %s: secret %s, public %s\n", id, skpath, pkpath);
	return 0;
}

static int cmd_keyid(const char *path)
{
	uint8_t pk[SEAL_KEY_LEN];
	char id[2 * SEAL_KEYID_LEN + 1];

	if (load_public(path, pk) != 0)
		return 1;
	keyid_of(pk, id);
	printf("%s\n", id);
	return 0;
}

static int cmd_sealkey(const char *path)
{
	uint8_t k[SEAL_KEY_LEN];
	int r;

	randombytes_buf(k, sizeof k);
	r = write_key(path, SEAL_KEY_TAG, k, 0600);
	sodium_memzero(k, sizeof k);
	return r == 0 ? 0 : fail("sealkey: write %s: %s", path, strerror(errno));
}

static uint8_t content[SEAL_CONTENT_MAX];
static uint8_t inner[SEAL_INNER_MAX];
static uint8_t out[SEAL_FILE_MAX];

static int cmd_seal(const char *pkpath, const char *sealkeypath, const char *name,
		    const char *modestr, const char *in, const char *outpath)
{
	uint8_t pk[SEAL_KEY_LEN], skey[SEAL_KEY_LEN], seed[crypto_box_SEEDBYTES];
	uint8_t eph_pk[crypto_box_PUBLICKEYBYTES], eph_sk[crypto_box_SECRETKEYBYTES];
	uint8_t nonce[crypto_box_NONCEBYTES], hash[crypto_generichash_BYTES];
	crypto_generichash_state st;
	char *end;
	unsigned long mode = strtoul(modestr, &end, 8);
	size_t clen, ilen, hlen;
	int r;

	if (*modestr == '\0' || *end != '\0' || mode > 0777)
		return fail("seal %s: mode '%s' is not an octal mode up to 0777", name, modestr);
	if (!seal_name_valid(name, strlen(name)))
		return fail("seal %s: %s", name,
			    "not a secret name (1-64 of A-Z a-z 0-9 . _ -, not starting with '.')");
	if (load_public(pkpath, pk) != 0 || load_key(sealkeypath, SEAL_KEY_TAG, skey) != 0)
		return 1;
	if (file_read_all(in, (char *)content, sizeof content, &clen) != 0)
		return fail("seal %s: read: %s", in,
			    errno == EFBIG ? "larger than a secret may be (256 KiB)" : strerror(errno));
	ilen = seal_inner_build(inner, sizeof inner, name, (unsigned)mode, content, clen);
	if (ilen == 0)
		return fail("seal %s: %s", name, "does not fit the sealed format");

	/* the derived ephemeral key: keyed by the seal key, over everything that is sealed */
	crypto_generichash_init(&st, skey, sizeof skey, sizeof seed);
	crypto_generichash_update(&st, pk, sizeof pk);
	crypto_generichash_update(&st, inner, ilen);
	crypto_generichash_final(&st, seed, sizeof seed);
	sodium_memzero(skey, sizeof skey);
	crypto_box_seed_keypair(eph_pk, eph_sk, seed);
	sodium_memzero(seed, sizeof seed);

	crypto_generichash(hash, sizeof hash, pk, sizeof pk, NULL, 0);
	hlen = seal_header_build(out, sizeof out, name, hash);
	/* libsodium's sealed-box construction, so init opens it with crypto_box_seal_open */
	crypto_generichash_init(&st, NULL, 0, sizeof nonce);
	crypto_generichash_update(&st, eph_pk, sizeof eph_pk);
	crypto_generichash_update(&st, pk, sizeof pk);
	crypto_generichash_final(&st, nonce, sizeof nonce);
	memcpy(out + hlen, eph_pk, sizeof eph_pk);
	r = crypto_box_easy(out + hlen + sizeof eph_pk, inner, ilen, nonce, pk, eph_sk);
	sodium_memzero(eph_sk, sizeof eph_sk);
	sodium_memzero(inner, sizeof inner);
	sodium_memzero(content, sizeof content);
	if (r != 0)
		return fail("seal %s: %s", name, "crypto_box_easy failed");
	if (write_new(outpath, out, hlen + crypto_box_SEALBYTES + ilen, 0644) != 0)
		return fail("seal: write %s: %s", outpath, strerror(errno));
	return 0;
}

static int cmd_open(const char *skpath, const char *in)
{
	uint8_t sk[SEAL_KEY_LEN], pk[SEAL_KEY_LEN];
	struct seal_header h;
	struct seal_inner si;
	char why[ERR_MAX];
	size_t len, plen;
	int r;

	if (load_key(skpath, SEAL_SECRET_TAG, sk) != 0)
		return 1;
	if (crypto_scalarmult_base(pk, sk) != 0)
		return fail("key %s: %s", skpath, "not a usable X25519 key");
	if (file_read_all(in, (char *)out, sizeof out, &len) != 0)
		return fail("open %s: %s", in, strerror(errno));
	if (seal_header_parse(out, len, &h, why, sizeof why) != 0)
		return fail("open %s: %s", in, why);
	plen = h.box_len - crypto_box_SEALBYTES;
	r = plen <= sizeof inner ? crypto_box_seal_open(inner, out + h.box_off, h.box_len, pk, sk)
				 : -1;
	sodium_memzero(sk, sizeof sk);
	if (r != 0)
		return fail("open %s: %s", in, "does not open with this key (wrong key, or altered)");
	if (seal_inner_parse(inner, plen, &si, why, sizeof why) != 0)
		return fail("open %s: %s", in, why);
	if (fwrite(si.content, 1, si.content_len, stdout) != si.content_len || fflush(stdout) != 0)
		return fail("open %s: write standard output: %s", in, strerror(errno));
	sodium_memzero(inner, sizeof inner);
	return 0;
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0)
		return fail("%s%s", "libsodium failed to initialise", "");
	if (argc == 4 && strcmp(argv[1], "keygen") == 0)
		return cmd_keygen(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "keyid") == 0)
		return cmd_keyid(argv[2]);
	if (argc == 3 && strcmp(argv[1], "sealkey") == 0)
		return cmd_sealkey(argv[2]);
	if (argc == 8 && strcmp(argv[1], "seal") == 0)
		return cmd_seal(argv[2], argv[3], argv[4], argv[5], argv[6], argv[7]);
	if (argc == 4 && strcmp(argv[1], "open") == 0)
		return cmd_open(argv[2], argv[3]);
	fprintf(stderr, "usage: nodeseal keygen SECRET_OUT PUBLIC_OUT | keyid KEY | sealkey OUT |\n"
			"       nodeseal seal PUBLIC_KEY SEAL_KEY NAME MODE IN OUT | open SECRET_KEY IN\n");
	return 2;
}
