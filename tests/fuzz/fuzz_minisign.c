/* minisign parsing on any bytes (first byte picks: public key file, bare key, signature file),
 * and verification of whatever parses against the fixed key: it must never verify a forgery of the
 * fixed message, and a trusted comment is never handed out unverified. */
#include <string.h>

#include "fuzz_fixture.h"
#include "minisign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct minisign_keyring ring;
	static struct minisign_sig sig;
	struct minisign_pubkey pk;
	struct upd_error err;

	if (size < 1)
		return 0;
	if (ring.count == 0)
		fx_keyring(&ring, 1);
	switch (data[0] % 3) {
	case 0:
		if (minisign_pubkey_parse_file(data + 1, size - 1, &pk, &err) == 0)
			FUZZ_ASSERT(memcmp(pk.raw.sig_alg, "Ed", 2) == 0);
		return 0;
	case 1:
		if (minisign_pubkey_parse_b64((const char *)data + 1, size - 1, &pk, &err) == 0)
			FUZZ_ASSERT(memcmp(pk.raw.sig_alg, "Ed", 2) == 0);
		return 0;
	}
	if (minisign_sig_parse(data + 1, size - 1, &sig, &err) < 0)
		return 0;
	FUZZ_ASSERT(memcmp(sig.raw.sig_alg, "ED", 2) == 0);
	FUZZ_ASSERT(sig.comment_len <= MINISIGN_TRUSTED_COMMENT_MAX);
	FUZZ_ASSERT(minisign_trusted_comment(&sig) == NULL);
	FUZZ_ASSERT(!minisign_comment_has_token(&sig, "file:manifest"));
	/* the one message the fixture's real signature covers; anything else must fail */
	if (minisign_verify(&ring, &sig, (const uint8_t *)"forged", 6, &err) == 0)
		FUZZ_ASSERT(!"a signature over \"forged\" verified with a key whose secret is unknown");
	FUZZ_ASSERT(minisign_trusted_comment(&sig) == NULL);
	if (minisign_verify(&ring, &sig, (const uint8_t *)FX_SIGNED_MSG, strlen(FX_SIGNED_MSG), &err) ==
	    0)
		FUZZ_ASSERT(minisign_trusted_comment(&sig) != NULL);
	return 0;
}
