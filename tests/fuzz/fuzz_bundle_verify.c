/* bundle_verify on any bytes, read from an fd, with the fixed keyring and a checking sink. */
#include <unistd.h>

#include "bundle_verify.h"
#include "fuzz_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bundle_work work;
	static struct bundle_result res;
	static struct minisign_keyring ring;
	struct fuzz_sink s = { 0 };
	struct bundle_sink sink = { &s, fuzz_begin, fuzz_chunk, fuzz_end };
	struct bundle_check c = { .keys = &ring, .sink = &sink };
	struct upd_error err;
	int fd, rc;

	if (ring.count == 0)
		fx_keyring(&ring, 1);
	fd = fx_fd(data, size);
	rc = bundle_verify(fd, &c, &work, &res, &err);
	close(fd);
	FUZZ_ASSERT(!s.open);
	/* only a bundle signed by a fixture key can pass, and then it is a whole archive */
	if (rc == 0)
		FUZZ_ASSERT(res.archive_bytes == size);
	return 0;
}
