/* The erasure code: every pattern of up to m lost symbols of a small block decodes to the source. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diode_fec.h"

#define LEN 64

/* Encodes a random k+m block, then for every subset of lost symbols of size <= m decodes from the
 * first k left and compares. Returns the number of patterns tried, or -1 on the first failure. */
static long all_erasures(unsigned k, unsigned m)
{
	unsigned n = k + m;
	uint8_t sym[20][LEN], rebuilt[20][LEN];
	uint8_t *data[20], *have[20], *out[20];
	uint8_t have_idx[20], miss_idx[20];
	struct diode_err err;
	long tried = 0;

	for (unsigned i = 0; i < n; i++) {
		for (unsigned j = 0; j < LEN; j++)
			sym[i][j] = (uint8_t)rand();
		data[i] = sym[i];
		out[i] = rebuilt[i];
	}
	if (diode_fec_encode(k, m, LEN, data, data + k, &err) < 0)
		return -1;
	for (unsigned long lost = 0; lost < 1ul << n; lost++) {
		unsigned nh = 0, nmiss = 0;

		if ((unsigned)__builtin_popcountl(lost) > m)
			continue;
		for (unsigned i = 0; i < n && nh < k; i++)
			if (!(lost >> i & 1)) {
				have_idx[nh] = (uint8_t)i;
				have[nh++] = sym[i];
			}
		for (unsigned i = 0; i < k; i++)
			if (lost >> i & 1)
				miss_idx[nmiss++] = (uint8_t)i;
		memset(rebuilt, 0, sizeof rebuilt);
		if (diode_fec_decode(k, m, LEN, have, have_idx, nmiss, miss_idx, out, &err) < 0)
			return -1;
		for (unsigned i = 0; i < nmiss; i++)
			if (memcmp(rebuilt[i], sym[miss_idx[i]], LEN) != 0)
				return -1;
		tried++;
	}
	return tried;
}

static void every_erasure_pattern_of_k6_m3_decodes(void)
{
	/* C(9,0)+C(9,1)+C(9,2)+C(9,3) */
	CHECK_INT(all_erasures(6, 3), 1 + 9 + 36 + 84);
}

static void every_erasure_pattern_of_k10_m4_decodes(void)
{
	CHECK_INT(all_erasures(10, 4), 1 + 14 + 91 + 364 + 1001);
}

static void every_erasure_pattern_of_k1_m3_decodes(void)
{
	CHECK_INT(all_erasures(1, 3), 1 + 4 + 6 + 4);
}

static void large_block_decodes_from_parity_only(void)
{
	enum { K = 100, M = 155 };
	static uint8_t sym[K + M][LEN], rebuilt[K][LEN];
	uint8_t *data[K + M], *have[K], *out[K], have_idx[K], miss_idx[K];
	struct diode_err err;

	for (unsigned i = 0; i < K + M; i++) {
		for (unsigned j = 0; j < LEN; j++)
			sym[i][j] = (uint8_t)rand();
		data[i] = sym[i];
	}
	CHECK(diode_fec_encode(K, M, LEN, data, data + K, &err) == 0);
	for (unsigned i = 0; i < K; i++) {
		have_idx[i] = (uint8_t)(K + M - K + i); /* the last 100 parity symbols */
		have[i] = sym[have_idx[i]];
		miss_idx[i] = (uint8_t)i;
		out[i] = rebuilt[i];
	}
	CHECK(diode_fec_decode(K, M, LEN, have, have_idx, K, miss_idx, out, &err) == 0);
	CHECK(memcmp(rebuilt, sym, sizeof rebuilt) == 0);
}

static void wrong_indices_are_refused(void)
{
	uint8_t a[LEN] = { 0 }, b[LEN] = { 0 }, o[LEN];
	uint8_t *have[2] = { a, b }, *out[1] = { o };
	uint8_t idx_desc[2] = { 2, 1 }, idx_big[2] = { 0, 9 }, miss[1] = { 0 }, miss_parity[1] = { 2 };
	struct diode_err err;

	CHECK(diode_fec_decode(2, 2, LEN, have, idx_desc, 1, miss, out, &err) < 0);
	CHECK_CONTAINS(err.msg, "not ascending");
	CHECK(diode_fec_decode(2, 2, LEN, have, idx_big, 1, miss, out, &err) < 0);
	idx_desc[0] = 1;
	idx_desc[1] = 2;
	CHECK(diode_fec_decode(2, 2, LEN, have, idx_desc, 1, miss_parity, out, &err) < 0);
	CHECK_CONTAINS(err.msg, "not a source symbol");
	CHECK(diode_fec_encode(200, 56, LEN, have, have, &err) < 0);
	CHECK_CONTAINS(err.msg, "k+m <= 255");
}

int main(void)
{
	srand(12345);
	RUN(every_erasure_pattern_of_k6_m3_decodes);
	RUN(every_erasure_pattern_of_k10_m4_decodes);
	RUN(every_erasure_pattern_of_k1_m3_decodes);
	RUN(large_block_decodes_from_parity_only);
	RUN(wrong_indices_are_refused);
	return check_done();
}
