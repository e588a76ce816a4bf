/* tar_header_parse on any 512 bytes; whatever it accepts must rebuild and parse back the same. */
#include <string.h>

#include "fuzz_fixture.h"
#include "tar_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t block[TAR_BLOCK_SIZE] = { 0 }, again[TAR_BLOCK_SIZE];
	struct tar_member m, m2;
	struct upd_error err;

	memcpy(block, data, size < sizeof block ? size : sizeof block);
	if (tar_header_parse(block, &m, &err) < 0) {
		FUZZ_ASSERT(memchr(err.msg, '\0', sizeof err.msg) != NULL);
		return 0;
	}
	FUZZ_ASSERT(tar_name_valid(m.name, strlen(m.name)));
	FUZZ_ASSERT(m.size <= TAR_SIZE_MAX && m.mode <= TAR_MODE_MAX);
	FUZZ_ASSERT(tar_padded_size(m.size) >= m.size && tar_padded_size(m.size) % 512 == 0);
	FUZZ_ASSERT(!tar_block_is_zero(block));
	FUZZ_ASSERT(tar_header_build(again, m.name, m.size, m.mtime, &err) == 0);
	FUZZ_ASSERT(tar_header_parse(again, &m2, &err) == 0);
	FUZZ_ASSERT(strcmp(m.name, m2.name) == 0 && m.size == m2.size && m.mtime == m2.mtime);
	return 0;
}
