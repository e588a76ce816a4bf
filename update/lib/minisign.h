/* minisign public keys and signatures (REFERENCE C.1): parsing with bounded, checked lines, and
 * verification of prehashed ("ED") signatures against a keyring of trusted keys. Legacy "Ed"
 * signatures are refused, like `minisign -H`. The trusted comment is usable only once both the
 * signature and the global signature have verified. */
#ifndef UPD_MINISIGN_H
#define UPD_MINISIGN_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define MINISIGN_KEYNUM_BYTES 8
#define MINISIGN_PK_BYTES 32                 /* crypto_sign_PUBLICKEYBYTES */
#define MINISIGN_SIG_BYTES 64                /* crypto_sign_BYTES */
#define MINISIGN_PREHASH_BYTES 64            /* BLAKE2b-512, crypto_generichash_BYTES_MAX */
#define MINISIGN_ALG_PUBKEY "Ed"             /* the key's algorithm, even for prehashed signatures */
#define MINISIGN_ALG_PREHASHED "ED"
#define MINISIGN_ALG_LEGACY "Ed"
#define MINISIGN_UNTRUSTED_PREFIX "untrusted comment: "
#define MINISIGN_TRUSTED_PREFIX "trusted comment: "
#define MINISIGN_COMMENT_LINE_MAX 1024       /* untrusted comment line, terminator included */
#define MINISIGN_TRUSTED_LINE_MAX 8192       /* trusted comment line, prefix and terminator included */
#define MINISIGN_TRUSTED_COMMENT_MAX \
	(MINISIGN_TRUSTED_LINE_MAX - (sizeof MINISIGN_TRUSTED_PREFIX - 1) - 1)
#define MINISIGN_B64_LINE_MAX 128            /* a base64 line (100 chars at most) and terminator */
#define MINISIGN_SIG_FILE_MAX \
	(MINISIGN_COMMENT_LINE_MAX + MINISIGN_B64_LINE_MAX + MINISIGN_TRUSTED_LINE_MAX + \
	 MINISIGN_B64_LINE_MAX)
#define MINISIGN_PUBKEY_FILE_MAX (MINISIGN_COMMENT_LINE_MAX + MINISIGN_B64_LINE_MAX)
#define MINISIGN_KEYRING_MAX 8
#define MINISIGN_KEY_ID_FMT "%016llX"        /* zero-padded, as minisign >= 0.12 prints it */
#define MINISIGN_KEY_ID_STR 17

/* Line 2 of a public key file, decoded: 42 bytes. */
struct minisign_pubkey_raw {
	uint8_t sig_alg[2];
	uint8_t keynum[MINISIGN_KEYNUM_BYTES];
	uint8_t pk[MINISIGN_PK_BYTES];
};
_Static_assert(sizeof(struct minisign_pubkey_raw) == 42, "minisign public key is 42 bytes");

/* Line 2 of a signature file, decoded: 74 bytes. */
struct minisign_sig_raw {
	uint8_t sig_alg[2];
	uint8_t keynum[MINISIGN_KEYNUM_BYTES];
	uint8_t sig[MINISIGN_SIG_BYTES];
};
_Static_assert(sizeof(struct minisign_sig_raw) == 74, "minisign signature is 74 bytes");

struct minisign_pubkey {
	struct minisign_pubkey_raw raw;
	uint64_t key_id;                     /* keynum, little-endian */
};

struct minisign_sig {
	struct minisign_sig_raw raw;
	uint64_t key_id;
	uint8_t global_sig[MINISIGN_SIG_BYTES];
	size_t comment_len;
	char comment[MINISIGN_TRUSTED_COMMENT_MAX + 1]; /* read it through minisign_trusted_comment */
	int verified;                        /* set by minisign_verify*, nothing else */
};

struct minisign_keyring {
	size_t count;
	struct minisign_pubkey keys[MINISIGN_KEYRING_MAX];
};

/* The base64 key alone (line 2, or what `minisign -P` takes). 0, or -1 with err. */
int minisign_pubkey_parse_b64(const char *b64, size_t len, struct minisign_pubkey *pk,
			      struct upd_error *err) UPD_WUR;

/* A whole public key file: "untrusted comment: ..." then the base64 key; LF or CRLF; the final
 * terminator is optional; nothing may follow. 0, or -1 with err naming the line. */
int minisign_pubkey_parse_file(const uint8_t *buf, size_t len, struct minisign_pubkey *pk,
			       struct upd_error *err) UPD_WUR;

/* A whole signature file (4 lines, REFERENCE C.1). Refuses legacy "Ed" and unknown algorithms,
 * control characters (other than tab) in the trusted comment, NULs and stray CRs anywhere,
 * over-long lines and anything after line 4. 0, or -1 with err naming the line. */
int minisign_sig_parse(const uint8_t *buf, size_t len, struct minisign_sig *sig,
		       struct upd_error *err) UPD_WUR;

/* Adds a key; refuses a full ring and a second key with the same id. 0, or -1 with err. */
int minisign_keyring_add(struct minisign_keyring *ring, const struct minisign_pubkey *pk,
			 struct upd_error *err) UPD_WUR;

/* The key with this id, or NULL. */
const struct minisign_pubkey *minisign_keyring_find(const struct minisign_keyring *ring,
						    uint64_t key_id);

/* "A, B, C" (zero-padded hex ids) into out, for messages. Returns out. */
char *minisign_keyring_describe(const struct minisign_keyring *ring, char *out, size_t cap);

/* Key id as printed everywhere: 16 uppercase hex digits. Returns out. */
char *minisign_key_id_str(uint64_t key_id, char out[MINISIGN_KEY_ID_STR]);

/* Verifies sig over msg: key selected by id, BLAKE2b-512 of msg checked with the key, then the
 * global signature over sig || trusted comment. Sets sig->verified. 0, or -1 with err (kind
 * UPD_ERR_BAD): "signature does not verify with key 2F1E...". */
int minisign_verify(const struct minisign_keyring *ring, struct minisign_sig *sig,
		    const uint8_t *msg, size_t len, struct upd_error *err) UPD_WUR;

/* The same with the BLAKE2b-512 digest of the message already computed (streamed files). */
int minisign_verify_prehashed(const struct minisign_keyring *ring, struct minisign_sig *sig,
			      const uint8_t digest[MINISIGN_PREHASH_BYTES],
			      struct upd_error *err) UPD_WUR;

/* The trusted comment (NUL-terminated), or NULL if sig has not verified. */
const char *minisign_trusted_comment(const struct minisign_sig *sig);

/* 1 if the verified trusted comment has token as one of its tab- or space-separated words
 * ("file:manifest" in "timestamp:1700000000\tfile:manifest\thashed"); 0 otherwise, and 0 for
 * an unverified signature. */
int minisign_comment_has_token(const struct minisign_sig *sig, const char *token);

#endif
