#include <string.h>

#include <sodium.h>

#include "minisign.h"

#define KEYRING_DESCRIBE_MAX (MINISIGN_KEYRING_MAX * (MINISIGN_KEY_ID_STR + 2))

int minisign_verify_prehashed(const struct minisign_keyring *ring, struct minisign_sig *sig,
			      const uint8_t digest[MINISIGN_PREHASH_BYTES], struct upd_error *err)
{
	/* the global signature covers the raw file signature followed by the comment text */
	uint8_t signed_comment[MINISIGN_SIG_BYTES + MINISIGN_TRUSTED_COMMENT_MAX];
	char id[MINISIGN_KEY_ID_STR], ids[KEYRING_DESCRIBE_MAX];
	const struct minisign_pubkey *pk;

	sig->verified = 0;
	if (sodium_init() < 0)
		return upd_fail(err, UPD_ERR_SYS, "libsodium failed to initialise");
	/* compare key ids before any crypto: a wrong key is the common operator mistake */
	pk = minisign_keyring_find(ring, sig->key_id);
	if (pk == NULL)
		return upd_fail(err, UPD_ERR_BAD,
				"signed with key %s, which is not a trusted key (trusted: %s)",
				minisign_key_id_str(sig->key_id, id),
				minisign_keyring_describe(ring, ids, sizeof ids));
	if (crypto_sign_verify_detached(sig->raw.sig, digest, MINISIGN_PREHASH_BYTES, pk->raw.pk) != 0)
		return upd_fail(err, UPD_ERR_BAD, "signature does not verify with key %s",
				minisign_key_id_str(pk->key_id, id));
	memcpy(signed_comment, sig->raw.sig, MINISIGN_SIG_BYTES);
	memcpy(signed_comment + MINISIGN_SIG_BYTES, sig->comment, sig->comment_len);
	if (crypto_sign_verify_detached(sig->global_sig, signed_comment,
					MINISIGN_SIG_BYTES + sig->comment_len, pk->raw.pk) != 0)
		return upd_fail(err, UPD_ERR_BAD,
				"trusted comment signature does not verify with key %s (comment altered)",
				minisign_key_id_str(pk->key_id, id));
	sig->verified = 1;
	return 0;
}

int minisign_verify(const struct minisign_keyring *ring, struct minisign_sig *sig,
		    const uint8_t *msg, size_t len, struct upd_error *err)
{
	uint8_t digest[MINISIGN_PREHASH_BYTES];
	crypto_generichash_state st;

	sig->verified = 0;
	if (sodium_init() < 0)
		return upd_fail(err, UPD_ERR_SYS, "libsodium failed to initialise");
	/* unkeyed BLAKE2b-512: minisign's prehash (not Ed25519ph's SHA-512) */
	if (crypto_generichash_init(&st, NULL, 0, sizeof digest) != 0 ||
	    crypto_generichash_update(&st, msg, len) != 0 ||
	    crypto_generichash_final(&st, digest, sizeof digest) != 0)
		return upd_fail(err, UPD_ERR_SYS, "BLAKE2b failed");
	return minisign_verify_prehashed(ring, sig, digest, err);
}

const char *minisign_trusted_comment(const struct minisign_sig *sig)
{
	return sig->verified ? sig->comment : NULL;
}

int minisign_comment_has_token(const struct minisign_sig *sig, const char *token)
{
	size_t tlen = strlen(token), i = 0;

	if (!sig->verified || tlen == 0)
		return 0;
	while (i < sig->comment_len) {
		size_t start = i;

		while (i < sig->comment_len && sig->comment[i] != '\t' && sig->comment[i] != ' ')
			i++;
		if (i - start == tlen && memcmp(sig->comment + start, token, tlen) == 0)
			return 1;
		i++;
	}
	return 0;
}
