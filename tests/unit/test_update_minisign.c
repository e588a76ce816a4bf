/* minisign: key and signature files as minisign 0.11 writes them; a fixed key pair, a good
 * message and forged ones (the forgery must fail). */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "minisign.h"
#include "test_update_fixture.h"

static struct upd_error err;
static struct minisign_pubkey pk;
static struct minisign_sig sig;
static struct minisign_keyring ring;
static char buf[MINISIGN_SIG_FILE_MAX * 2];

static int pub(const char *s)
{
	return minisign_pubkey_parse_file((const uint8_t *)s, strlen(s), &pk, &err);
}

static int sigp(const char *s)
{
	return minisign_sig_parse((const uint8_t *)s, strlen(s), &sig, &err);
}

static int verify(const char *msg)
{
	return minisign_verify(&ring, &sig, (const uint8_t *)msg, strlen(msg), &err);
}

/* s with the first occurrence of from replaced by to, in buf. */
static const char *edit(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);

	if (at == NULL)
		return "";
	snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	return buf;
}

static void public_key_file_parses_with_its_id(void)
{
	char id[MINISIGN_KEY_ID_STR];

	CHECK_INT(pub(FX_PUBKEY_FILE), 0);
	CHECK(pk.key_id == FX_KEY_ID);
	CHECK_STR(minisign_key_id_str(pk.key_id, id), "57870C89E1EABC72");
}

static void key_ids_are_zero_padded(void)
{
	char id[MINISIGN_KEY_ID_STR];

	CHECK_STR(minisign_key_id_str(0xABCULL, id), "0000000000000ABC");
}

static void public_key_line_alone_parses(void)
{
	const char *b64 = "RWRyvOrhiQyHV579c6dI3M9xLdTnxU5h+ckoJd5kbmRNn+r++prZ9nTI";

	CHECK_INT(minisign_pubkey_parse_b64(b64, strlen(b64), &pk, &err), 0);
	CHECK(pk.key_id == FX_KEY_ID);
}

static void public_key_with_crlf_or_without_final_newline_parses(void)
{
	CHECK_INT(pub(edit(FX_PUBKEY_FILE, "72\n", "72\r\n")), 0);
	snprintf(buf, sizeof buf, "%s", FX_PUBKEY_FILE);
	buf[strlen(buf) - 1] = '\0';
	CHECK_INT(pub(buf), 0);
}

static void malformed_public_keys_are_rejected(void)
{
	CHECK_INT(pub(edit(FX_PUBKEY_FILE, "untrusted comment: ", "comment: ")), -1);
	CHECK_CONTAINS(err.msg, "line 1");
	CHECK_INT(pub(edit(FX_PUBKEY_FILE, "RWRy", "RWR")), -1);
	CHECK_CONTAINS(err.msg, "line 2");
	CHECK_INT(pub(edit(FX_PUBKEY_FILE, "RWRy", "RURy")), -1); /* "ED" is not a key algorithm */
	CHECK_CONTAINS(err.msg, "algorithm");
	CHECK_INT(pub(edit(FX_PUBKEY_FILE, "nTI\n", "nTI\nextra\n")), -1);
	CHECK_CONTAINS(err.msg, "after line 2");
	CHECK_INT(pub(edit(FX_PUBKEY_FILE, "RWRy", "RW Ry")), -1);
	CHECK_INT(pub("untrusted comment: x\n"), -1);
	CHECK_INT(pub(""), -1);
}

static void good_signature_verifies(void)
{
	fx_keyring(&ring, 0);
	CHECK_INT(sigp(FX_SIG_FILE), 0);
	CHECK(sig.key_id == FX_KEY_ID);
	CHECK(minisign_trusted_comment(&sig) == NULL);
	CHECK_INT(verify(FX_SIGNED_MSG), 0);
	CHECK_STR(minisign_trusted_comment(&sig), "timestamp:1700000000\tfile:manifest\thashed");
}

static void forged_message_fails(void)
{
	fx_keyring(&ring, 0);
	CHECK_INT(sigp(FX_SIG_FILE), 0);
	CHECK_INT(verify("format 1\nproduct nodf\n"), -1);
	CHECK_CONTAINS(err.msg, "signature does not verify with key 57870C89E1EABC72");
	CHECK(minisign_trusted_comment(&sig) == NULL);
	CHECK_INT(verify(""), -1);
}

static void altered_trusted_comment_fails(void)
{
	fx_keyring(&ring, 0);
	CHECK_INT(sigp(edit(FX_SIG_FILE, "timestamp:1700000000", "timestamp:1800000000")), 0);
	CHECK_INT(verify(FX_SIGNED_MSG), -1);
	CHECK_CONTAINS(err.msg, "trusted comment signature does not verify");
	CHECK_INT(minisign_comment_has_token(&sig, "file:manifest"), 0);
}

static void altered_untrusted_comment_still_verifies(void)
{
	fx_keyring(&ring, 0);
	CHECK_INT(sigp(edit(FX_SIG_FILE, "signature from minisign secret key", "anything")), 0);
	CHECK_INT(verify(FX_SIGNED_MSG), 0);
}

static void legacy_signature_is_rejected(void)
{
	CHECK_INT(sigp(FX_LEGACY_SIG_FILE), -1);
	CHECK_CONTAINS(err.msg, "legacy");
}

static void unknown_algorithm_is_rejected(void)
{
	/* "RUR" -> "RXR" changes the algorithm bytes but keeps valid base64 */
	CHECK_INT(sigp(edit(FX_SIG_FILE, "RURy", "RXRy")), -1);
	CHECK_CONTAINS(err.msg, "algorithm");
}

static void signature_by_an_untrusted_key_names_both_ids(void)
{
	char other[FX_SIG_MAX];
	struct minisign_keyring only_other;
	struct minisign_pubkey opk;

	memset(&only_other, 0, sizeof only_other);
	CHECK_INT(minisign_pubkey_parse_file((const uint8_t *)FX_OTHER_PUBKEY_FILE,
					     strlen(FX_OTHER_PUBKEY_FILE), &opk, &err), 0);
	CHECK_INT(minisign_keyring_add(&only_other, &opk, &err), 0);
	fx_sign(FX_SIGNED_MSG, strlen(FX_SIGNED_MSG), "file:manifest", other);
	CHECK_INT(sigp(other), 0);
	CHECK_INT(minisign_verify(&only_other, &sig, (const uint8_t *)FX_SIGNED_MSG,
				  strlen(FX_SIGNED_MSG), &err), -1);
	CHECK_CONTAINS(err.msg, "signed with key 57870C89E1EABC72, which is not a trusted key");
	CHECK_CONTAINS(err.msg, "B12CF334B0F98489");
}

static void key_id_selects_among_several_keys(void)
{
	char s[FX_SIG_MAX];

	fx_keyring(&ring, 1);
	fx_sign_with(FX_OTHER_SEED_HEX, FX_OTHER_KEYNUM_HEX, "m", 1, "file:manifest", 0, s);
	CHECK_INT(sigp(s), 0);
	CHECK(sig.key_id == FX_OTHER_KEY_ID);
	CHECK_INT(verify("m"), 0);
	CHECK_INT(sigp(FX_SIG_FILE), 0);
	CHECK_INT(verify(FX_SIGNED_MSG), 0);
}

static void key_id_swapped_into_a_signature_fails(void)
{
	/* a signature of the other key relabelled with the fixed key's id */
	char s[FX_SIG_MAX];

	fx_keyring(&ring, 1);
	fx_sign_with(FX_OTHER_SEED_HEX, FX_KEYNUM_HEX, "m", 1, "file:manifest", 0, s);
	CHECK_INT(sigp(s), 0);
	CHECK_INT(verify("m"), -1);
	CHECK_CONTAINS(err.msg, "does not verify with key 57870C89E1EABC72");
}

static void keyring_refuses_a_ninth_key_and_duplicates(void)
{
	struct minisign_pubkey k;

	memset(&ring, 0, sizeof ring);
	CHECK_INT(pub(FX_PUBKEY_FILE), 0);
	for (int i = 0; i < MINISIGN_KEYRING_MAX; i++) {
		k = pk;
		k.key_id = (uint64_t)i + 1;
		CHECK_INT(minisign_keyring_add(&ring, &k, &err), 0);
	}
	k.key_id = 99;
	CHECK_INT(minisign_keyring_add(&ring, &k, &err), -1);
	CHECK_CONTAINS(err.msg, "more than 8");
	memset(&ring, 0, sizeof ring);
	CHECK_INT(minisign_keyring_add(&ring, &pk, &err), 0);
	CHECK_INT(minisign_keyring_add(&ring, &pk, &err), -1);
	CHECK_CONTAINS(err.msg, "already trusted");
}

static void crlf_signature_file_verifies(void)
{
	char crlf[MINISIGN_SIG_FILE_MAX];
	size_t o = 0;

	for (const char *p = FX_SIG_FILE; *p; p++) {
		if (*p == '\n')
			crlf[o++] = '\r';
		crlf[o++] = *p;
	}
	crlf[o] = '\0';
	fx_keyring(&ring, 0);
	CHECK_INT(sigp(crlf), 0);
	CHECK_INT(verify(FX_SIGNED_MSG), 0);
}

static void missing_final_newline_verifies(void)
{
	snprintf(buf, sizeof buf, "%s", FX_SIG_FILE);
	buf[strlen(buf) - 1] = '\0';
	fx_keyring(&ring, 0);
	CHECK_INT(sigp(buf), 0);
	CHECK_INT(verify(FX_SIGNED_MSG), 0);
}

static void stray_carriage_return_is_rejected(void)
{
	CHECK_INT(sigp(edit(FX_SIG_FILE, "file:manifest", "file:\rmanifest")), -1);
	CHECK_CONTAINS(err.msg, "carriage return");
	CHECK_INT(sigp(edit(FX_SIG_FILE, "hashed\n", "hashed\r\r\n")), -1);
}

static void nul_byte_is_rejected(void)
{
	char s[MINISIGN_SIG_FILE_MAX];
	size_t len = strlen(FX_SIG_FILE);

	memcpy(s, FX_SIG_FILE, len);
	s[5] = '\0';
	CHECK_INT(minisign_sig_parse((const uint8_t *)s, len, &sig, &err), -1);
	CHECK_CONTAINS(err.msg, "NUL");
}

static void control_characters_in_trusted_comment_are_rejected(void)
{
	CHECK_INT(sigp(edit(FX_SIG_FILE, "file:manifest", "file:\033[2Jmanifest")), -1);
	CHECK_CONTAINS(err.msg, "control characters");
}

static void missing_lines_and_trailing_data_are_rejected(void)
{
	const char *line4 = strstr(FX_SIG_FILE, "hashed\n") + 7;

	snprintf(buf, sizeof buf, "%.*s", (int)(line4 - FX_SIG_FILE), FX_SIG_FILE);
	CHECK_INT(sigp(buf), -1);
	CHECK_CONTAINS(err.msg, "before line 4");
	snprintf(buf, sizeof buf, "%s\n", FX_SIG_FILE);
	CHECK_INT(sigp(buf), -1);
	CHECK_CONTAINS(err.msg, "after line 4");
	CHECK_INT(sigp(edit(FX_SIG_FILE, "\ntrusted comment: ", "\ntrusted-comment: ")), -1);
	CHECK_CONTAINS(err.msg, "line 3");
}

static void over_long_lines_are_rejected(void)
{
	char big[MINISIGN_SIG_FILE_MAX + 64];
	size_t n;

	/* an untrusted comment line of exactly the limit (with its newline) is fine, one more is not */
	n = (size_t)snprintf(big, sizeof big, "untrusted comment: ");
	memset(big + n, 'x', MINISIGN_COMMENT_LINE_MAX - 1 - n);
	snprintf(big + MINISIGN_COMMENT_LINE_MAX - 1, sizeof big - MINISIGN_COMMENT_LINE_MAX + 1,
		 "\n%s", strchr(FX_SIG_FILE, '\n') + 1);
	CHECK_INT(sigp(big), 0);
	memset(big + n, 'x', MINISIGN_COMMENT_LINE_MAX - n);
	snprintf(big + MINISIGN_COMMENT_LINE_MAX, sizeof big - MINISIGN_COMMENT_LINE_MAX, "\n%s",
		 strchr(FX_SIG_FILE, '\n') + 1);
	CHECK_INT(sigp(big), -1);
	CHECK_CONTAINS(err.msg, "line 1 is longer");
}

static void longest_trusted_comment_verifies(void)
{
	static char comment[MINISIGN_TRUSTED_COMMENT_MAX + 2];
	static char s[MINISIGN_SIG_FILE_MAX + 16];
	size_t len;

	memset(comment, 'c', MINISIGN_TRUSTED_COMMENT_MAX);
	memcpy(comment, "file:manifest ", 14);
	comment[MINISIGN_TRUSTED_COMMENT_MAX] = '\0';
	fx_keyring(&ring, 0);
	/* fx_sign's buffer is small: build this one by hand from two signatures' parts */
	{
		uint8_t seed[32], pkb[32], sk[64], raw[74], digest[64], global[64];
		static uint8_t sc[64 + MINISIGN_TRUSTED_COMMENT_MAX + 1];
		char a[128], b[128];

		fx_unhex(FX_SEED_HEX, seed, 32);
		crypto_sign_seed_keypair(pkb, sk, seed);
		memcpy(raw, "ED", 2);
		fx_unhex(FX_KEYNUM_HEX, raw + 2, 8);
		crypto_generichash(digest, 64, (const uint8_t *)"m", 1, NULL, 0);
		crypto_sign_detached(raw + 10, NULL, digest, 64, sk);
		len = strlen(comment);
		memcpy(sc, raw + 10, 64);
		memcpy(sc + 64, comment, len);
		crypto_sign_detached(global, NULL, sc, 64 + len, sk);
		sodium_bin2base64(a, sizeof a, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
		sodium_bin2base64(b, sizeof b, global, sizeof global, sodium_base64_VARIANT_ORIGINAL);
		snprintf(s, sizeof s, "untrusted comment: x\n%s\ntrusted comment: %s\n%s\n", a,
			 comment, b);
	}
	CHECK_INT(sigp(s), 0);
	CHECK_INT(verify("m"), 0);
	CHECK(minisign_comment_has_token(&sig, "file:manifest"));
	/* one byte more and the line is over the limit */
	CHECK_INT(sigp(edit(s, "file:manifest ", "file:manifest  ")), -1);
	CHECK_CONTAINS(err.msg, "line 3 is longer");
}

static void comment_tokens_are_whole_words(void)
{
	char s[FX_SIG_MAX];

	fx_keyring(&ring, 0);
	CHECK_INT(sigp(FX_SIG_FILE), 0);
	CHECK_INT(minisign_comment_has_token(&sig, "file:manifest"), 0); /* not verified yet */
	CHECK_INT(verify(FX_SIGNED_MSG), 0);
	CHECK(minisign_comment_has_token(&sig, "file:manifest"));
	CHECK(minisign_comment_has_token(&sig, "hashed"));
	CHECK(!minisign_comment_has_token(&sig, "file:manifes"));
	CHECK(!minisign_comment_has_token(&sig, "manifest"));
	CHECK(!minisign_comment_has_token(&sig, ""));
	fx_sign("m", 1, "timestamp:1\tfile:manifest.minisig", s);
	CHECK_INT(sigp(s), 0);
	CHECK_INT(verify("m"), 0);
	CHECK(!minisign_comment_has_token(&sig, "file:manifest"));
	fx_sign("m", 1, "version 2.0.0 file:manifest", s);
	CHECK_INT(sigp(s), 0);
	CHECK_INT(verify("m"), 0);
	CHECK(minisign_comment_has_token(&sig, "file:manifest"));
}

static void non_canonical_base64_is_rejected(void)
{
	/* the last character of the global signature carries two unused bits: set one */
	const char *g = strstr(FX_SIG_FILE, "aQAg==");

	CHECK(g != NULL);
	CHECK_INT(sigp(edit(FX_SIG_FILE, "aQAg==", "aQAh==")), -1);
	CHECK_CONTAINS(err.msg, "line 4");
	CHECK_INT(sigp(edit(FX_SIG_FILE, "aQAg==", "aQAg")), -1);
}

int main(void)
{
	RUN(public_key_file_parses_with_its_id);
	RUN(key_ids_are_zero_padded);
	RUN(public_key_line_alone_parses);
	RUN(public_key_with_crlf_or_without_final_newline_parses);
	RUN(malformed_public_keys_are_rejected);
	RUN(good_signature_verifies);
	RUN(forged_message_fails);
	RUN(altered_trusted_comment_fails);
	RUN(altered_untrusted_comment_still_verifies);
	RUN(legacy_signature_is_rejected);
	RUN(unknown_algorithm_is_rejected);
	RUN(signature_by_an_untrusted_key_names_both_ids);
	RUN(key_id_selects_among_several_keys);
	RUN(key_id_swapped_into_a_signature_fails);
	RUN(keyring_refuses_a_ninth_key_and_duplicates);
	RUN(crlf_signature_file_verifies);
	RUN(missing_final_newline_verifies);
	RUN(stray_carriage_return_is_rejected);
	RUN(nul_byte_is_rejected);
	RUN(control_characters_in_trusted_comment_are_rejected);
	RUN(missing_lines_and_trailing_data_are_rejected);
	RUN(over_long_lines_are_rejected);
	RUN(longest_trusted_comment_verifies);
	RUN(comment_tokens_are_whole_words);
	RUN(non_canonical_base64_is_rejected);
	return check_done();
}
