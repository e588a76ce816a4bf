/* bundle_verify past the signature: the input is a manifest (2-byte length, then the text) and
 * the rest of an archive. The harness signs the manifest with the fixture key and puts manifest and
 * signature in front, so the fuzzer explores manifest parsing, policy, the hash tree, data blocks,
 * the UKI and the end of the archive. Seeds are valid bundles (make_seeds). */
#include <string.h>
#include <unistd.h>

#include "bundle_verify.h"
#include "fuzz_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bundle_work work;
	static struct bundle_result res;
	static struct minisign_keyring ring;
	static const struct version installed = { 1, 0, 0 }, floor = { 1, 0, 0 };
	struct fuzz_sink s = { 0 };
	struct bundle_sink sink = { &s, fuzz_begin, fuzz_chunk, fuzz_end };
	struct bundle_check c = { .keys = &ring, .sink = &sink,
				  .policy = { "node", &installed, &floor } };
	struct fx_member head[2];
	struct upd_error err;
	char sig[FX_SIG_MAX];
	size_t mlen, hlen, sig_len;
	uint8_t *arch, *all;
	int fd, rc;

	if (size < 3)
		return 0;
	if (ring.count == 0)
		fx_keyring(&ring, 0);
	mlen = (size_t)(data[0] | data[1] << 8) % (MANIFEST_MAX_BYTES + 1);
	if (mlen == 0 || size - 2 < mlen)
		return 0;
	sig_len = fx_sign(data + 2, mlen, "timestamp:0\tfile:manifest\thashed", sig);
	head[0] = (struct fx_member){ BUNDLE_MEMBER_MANIFEST, data + 2, mlen };
	head[1] = (struct fx_member){ BUNDLE_MEMBER_SIG, sig, sig_len };
	arch = fx_tar(head, 2, &hlen);
	hlen -= TAR_END_BLOCKS * TAR_BLOCK_SIZE; /* the fuzzer's tail supplies the rest */
	all = fx_malloc(hlen + size - 2 - mlen);
	memcpy(all, arch, hlen);
	memcpy(all + hlen, data + 2 + mlen, size - 2 - mlen);
	fd = fx_fd(all, hlen + size - 2 - mlen);
	rc = bundle_verify(fd, &c, &work, &res, &err);
	close(fd);
	FUZZ_ASSERT(!s.open);
	if (rc == 0) {
		FUZZ_ASSERT(res.archive_bytes == hlen + size - 2 - mlen);
		FUZZ_ASSERT(res.manifest.data_blocks <= VERITY_MAX_DATA_BLOCKS);
	}
	free(arch);
	free(all);
	return 0;
}
