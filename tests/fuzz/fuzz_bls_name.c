/* bls_name_parse on any name; what parses must format to a name that parses the same. */
#include <string.h>

#include "bls_name.h"
#include "fuzz_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[BLS_NAME_MAX + 2], out[BLS_NAME_MAX + 1];
	struct bls_name a, b;
	struct upd_error err;

	if (size > BLS_NAME_MAX + 1)
		size = BLS_NAME_MAX + 1;
	memcpy(name, data, size);
	name[size] = '\0';
	if (bls_name_parse(name, &a, &err) < 0)
		return 0;
	FUZZ_ASSERT(a.left >= 0 && a.done >= 0);
	FUZZ_ASSERT(bls_name_format(&a, out, sizeof out, &err) == 0);
	FUZZ_ASSERT(bls_name_parse(out, &b, &err) == 0);
	FUZZ_ASSERT(strcmp(a.stem, b.stem) == 0 && strcmp(a.suffix, b.suffix) == 0);
	FUZZ_ASSERT(a.counting == b.counting && a.left == b.left && a.done == b.done &&
		    a.has_done == b.has_done);
	return 0;
}
