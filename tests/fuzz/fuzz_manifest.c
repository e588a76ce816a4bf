/* manifest_parse on any text; an accepted manifest has exactly one spelling, so formatting what was
 * parsed must give back the input byte for byte. */
#include <string.h>

#include "fuzz_fixture.h"
#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[MANIFEST_MAX_BYTES + 1];
	struct manifest m;
	struct upd_error err;
	size_t len;

	if (manifest_parse((const char *)data, size, &m, &err) < 0)
		return 0;
	FUZZ_ASSERT(size <= MANIFEST_MAX_BYTES);
	FUZZ_ASSERT(version_compare(&m.min_version, &m.version) <= 0);
	FUZZ_ASSERT(m.payload[MANIFEST_ROOT].size ==
		    (m.data_blocks + m.hash_blocks) * MANIFEST_BLOCK_SIZE);
	FUZZ_ASSERT(manifest_format(&m, out, sizeof out, &len, &err) == 0);
	FUZZ_ASSERT(len == size && memcmp(out, data, size) == 0);
	return 0;
}
