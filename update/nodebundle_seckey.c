#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "le.h"
#include "minisign.h"
#include "nodebundle.h"

/* The minisign secret key file's line 2, decoded (REFERENCE C.1): 158 bytes. */
struct minisign_seckey_raw {
	uint8_t sig_alg[2];       /* "Ed" */
	uint8_t kdf_alg[2];       /* "Sc" (scrypt, password) or "\0\0" (minisign -W) */
	uint8_t chk_alg[2];       /* "B2" */
	uint8_t kdf_salt[32];
	uint8_t kdf_opslimit[8];
	uint8_t kdf_memlimit[8];
	uint8_t keynum[8];        /* from here on XOR-encrypted when kdf_alg is "Sc" */
	uint8_t sk[64];
	uint8_t chk[32];          /* BLAKE2b-256(sig_alg || keynum || sk); zero in -W keys */
};
_Static_assert(sizeof(struct minisign_seckey_raw) == 158, "minisign secret key is 158 bytes");

#define SECKEY_B64_MAX 256

static void checksum(const struct minisign_seckey_raw *raw, uint8_t out[32])
{
	crypto_generichash_state st;

	if (crypto_generichash_init(&st, NULL, 0, 32) != 0 ||
	    crypto_generichash_update(&st, raw->sig_alg, sizeof raw->sig_alg) != 0 ||
	    crypto_generichash_update(&st, raw->keynum, sizeof raw->keynum) != 0 ||
	    crypto_generichash_update(&st, raw->sk, sizeof raw->sk) != 0 ||
	    crypto_generichash_final(&st, out, 32) != 0)
		nb_die(NB_EXIT_SYS, "BLAKE2b failed");
}

void nb_seckey_load(const char *path, struct nb_seckey *k)
{
	uint8_t buf[NB_SECKEY_FILE_MAX];
	struct minisign_seckey_raw raw;
	uint8_t chk[32], pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	size_t len, b64len, got = 0;
	const char *line2, *nl, *end;

	if (sodium_init() < 0)
		nb_die(NB_EXIT_SYS, "libsodium failed to initialise");
	nb_read_small(path, buf, sizeof buf, &len);
	nl = memchr(buf, '\n', len);
	if (len < strlen(MINISIGN_UNTRUSTED_PREFIX) ||
	    memcmp(buf, MINISIGN_UNTRUSTED_PREFIX, strlen(MINISIGN_UNTRUSTED_PREFIX)) != 0 ||
	    nl == NULL)
		nb_die(NB_EXIT_BAD, "%s: not a minisign secret key (line 1 is not an untrusted comment)",
		       path);
	line2 = nl + 1;
	end = memchr(line2, '\n', len - (size_t)(line2 - (const char *)buf));
	b64len = end ? (size_t)(end - line2) : len - (size_t)(line2 - (const char *)buf);
	if (b64len > 0 && line2[b64len - 1] == '\r')
		b64len--;
	if (b64len > SECKEY_B64_MAX ||
	    sodium_base642bin((uint8_t *)&raw, sizeof raw, line2, b64len, NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != sizeof raw)
		nb_die(NB_EXIT_BAD, "%s: line 2 is not base64 of a %zu-byte minisign secret key", path,
		       sizeof raw);
	sodium_memzero(buf, sizeof buf);
	if (memcmp(raw.sig_alg, MINISIGN_ALG_PUBKEY, 2) != 0 || memcmp(raw.chk_alg, "B2", 2) != 0)
		nb_die(NB_EXIT_BAD, "%s: unknown secret key algorithms", path);
	if (memcmp(raw.kdf_alg, "Sc", 2) == 0)
		nb_die(NB_EXIT_BAD,
		       "%s: the secret key is encrypted with a password; nodebundle signs only with "
		       "unencrypted keys (minisign -G -W). Sign by hand instead: tar xf BUNDLE "
		       "manifest && minisign -S -s %s -m manifest && nodebundle attach-sig BUNDLE "
		       "manifest.minisig",
		       path, path);
	if (raw.kdf_alg[0] != 0 || raw.kdf_alg[1] != 0)
		nb_die(NB_EXIT_BAD, "%s: unknown key derivation algorithm", path);
	/* minisign -W leaves chk zero and never reads it; a key that has one must match it */
	checksum(&raw, chk);
	if (!sodium_is_zero(raw.chk, sizeof raw.chk) && sodium_memcmp(chk, raw.chk, sizeof chk) != 0)
		nb_die(NB_EXIT_BAD, "%s: secret key checksum does not match (damaged key file)", path);
	/* the public half stored in sk must be the one its seed gives */
	if (crypto_sign_seed_keypair(pk, sk, raw.sk) != 0 || sodium_memcmp(sk, raw.sk, sizeof sk) != 0)
		nb_die(NB_EXIT_BAD, "%s: secret key halves do not match (damaged key file)", path);
	sodium_memzero(sk, sizeof sk);
	memcpy(k->keynum, raw.keynum, sizeof k->keynum);
	memcpy(k->sk, raw.sk, sizeof k->sk);
	k->key_id = le64_load(raw.keynum);
	sodium_memzero(&raw, sizeof raw);
}

void nb_seckey_wipe(struct nb_seckey *k)
{
	sodium_memzero(k, sizeof *k);
}

static void b64_line(char *out, size_t cap, size_t *used, const uint8_t *bin, size_t len)
{
	size_t need = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);

	if (*used + need + 1 > cap)
		nb_die(NB_EXIT_SYS, "signature text does not fit %zu bytes", cap);
	sodium_bin2base64(out + *used, need, bin, len, sodium_base64_VARIANT_ORIGINAL);
	*used += need - 1;
	out[(*used)++] = '\n';
	out[*used] = '\0';
}

static void text(char *out, size_t cap, size_t *used, const char *s)
{
	size_t n = strlen(s);

	if (*used + n + 1 > cap)
		nb_die(NB_EXIT_BAD, "signature text does not fit %zu bytes", cap);
	memcpy(out + *used, s, n + 1);
	*used += n;
}

void nb_minisign_sign_prehashed(const struct nb_seckey *k,
				const uint8_t *digest, const char *untrusted,
				const char *comment, char *out, size_t *out_len)
{
	struct minisign_sig_raw sig;
	uint8_t global[MINISIGN_SIG_BYTES];
	uint8_t signed_comment[MINISIGN_SIG_BYTES + NB_SIG_TEXT_MAX];
	size_t clen = strlen(comment), used = 0;

	if (clen > NB_SIG_TEXT_MAX / 2)
		nb_die(NB_EXIT_USAGE, "trusted comment is too long");
	memcpy(sig.sig_alg, MINISIGN_ALG_PREHASHED, 2);
	memcpy(sig.keynum, k->keynum, sizeof sig.keynum);
	if (crypto_sign_detached(sig.sig, NULL, digest, MINISIGN_PREHASH_BYTES, k->sk) != 0)
		nb_die(NB_EXIT_SYS, "signing failed");
	memcpy(signed_comment, sig.sig, sizeof sig.sig);
	memcpy(signed_comment + sizeof sig.sig, comment, clen);
	if (crypto_sign_detached(global, NULL, signed_comment, sizeof sig.sig + clen, k->sk) != 0)
		nb_die(NB_EXIT_SYS, "signing the trusted comment failed");
	out[0] = '\0';
	text(out, NB_SIG_TEXT_MAX, &used, MINISIGN_UNTRUSTED_PREFIX);
	text(out, NB_SIG_TEXT_MAX, &used, untrusted);
	text(out, NB_SIG_TEXT_MAX, &used, "\n");
	b64_line(out, NB_SIG_TEXT_MAX, &used, (const uint8_t *)&sig, sizeof sig);
	text(out, NB_SIG_TEXT_MAX, &used, MINISIGN_TRUSTED_PREFIX);
	text(out, NB_SIG_TEXT_MAX, &used, comment);
	text(out, NB_SIG_TEXT_MAX, &used, "\n");
	b64_line(out, NB_SIG_TEXT_MAX, &used, global, sizeof global);
	*out_len = used;
}

void nb_minisign_sign(const struct nb_seckey *k, const uint8_t *msg, size_t len,
		      const char *comment, char *out, size_t *out_len)
{
	uint8_t digest[MINISIGN_PREHASH_BYTES];
	char id[MINISIGN_KEY_ID_STR], untrusted[128];
	crypto_generichash_state st;

	if (crypto_generichash_init(&st, NULL, 0, sizeof digest) != 0 ||
	    crypto_generichash_update(&st, msg, len) != 0 ||
	    crypto_generichash_final(&st, digest, sizeof digest) != 0)
		nb_die(NB_EXIT_SYS, "BLAKE2b failed");
	snprintf(untrusted, sizeof untrusted, "signature from minisign secret key %s",
		 minisign_key_id_str(k->key_id, id));
	nb_minisign_sign_prehashed(k, digest, untrusted, comment, out, out_len);
}
