/*
 * libFuzzer: init's reading of a sealed secret file (seal_format.c): the outer header, and the
 * inner plaintext of an opened box, and a key file's text. Nothing may read outside the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../fuzz_assert.h"
#include "seal_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seal_header h;
	struct seal_inner in;
	uint8_t key[SEAL_KEY_LEN];
	char err[384];

	if (seal_header_parse(data, size, &h, err, sizeof err) == 0) {
		FUZZ_ASSERT(h.box_off + h.box_len == size && h.box_len >= SEAL_BOX_OVERHEAD &&
			    strlen(h.name) > 0);
	}
	if (seal_inner_parse(data, size, &in, err, sizeof err) == 0) {
		FUZZ_ASSERT(in.content >= data && in.content + in.content_len <= data + size &&
			    in.mode <= 0777);
	}
	if (size <= SEAL_KEYFILE_MAX)
		(void)!seal_key_parse((const char *)data, size, SEAL_SECRET_TAG, key, err, sizeof err);
	return 0;
}
