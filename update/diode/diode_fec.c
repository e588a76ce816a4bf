/* The erasure code. The encoding matrix is ISA-L's Cauchy matrix (gf_gen_cauchy1_matrix), not its
 * Vandermonde one (gf_gen_rs_matrix): ISA-L documents that the latter has non-invertible k x k
 * submatrices for some larger k and m, and a block we cannot decode with k symbols in hand would
 * cost another carousel round. Every square submatrix of a Cauchy matrix inverts. */
#include <stdlib.h>
#include <string.h>

#include <isa-l/erasure_code.h>

#include "diode_fec.h"
#include "diode_packet.h"

static int fec_check(unsigned k, unsigned m, unsigned len, struct diode_err *err)
{
	if (k < 1 || k + m > DIODE_N_MAX)
		return diode_fail(err, "fec: k=%u m=%u is outside 1 <= k, k+m <= %u", k, m, DIODE_N_MAX);
	if (len < 1 || len > DIODE_SYMBOL_MAX)
		return diode_fail(err, "fec: symbol length %u is outside 1..%u", len, DIODE_SYMBOL_MAX);
	return 0;
}

int diode_fec_encode(unsigned k, unsigned m, unsigned len, uint8_t *const *data, uint8_t *const *parity,
		     struct diode_err *err)
{
	uint8_t *a, *g;

	if (fec_check(k, m, len, err) < 0)
		return -1;
	if (m == 0)
		return 0;
	a = malloc((size_t)(k + m) * k);
	g = malloc((size_t)32 * k * m);
	if (a == NULL || g == NULL) {
		free(a);
		free(g);
		return diode_fail(err, "fec: encoding tables for k=%u m=%u: out of memory", k, m);
	}
	gf_gen_cauchy1_matrix(a, (int)(k + m), (int)k);
	ec_init_tables((int)k, (int)m, a + (size_t)k * k, g);
	ec_encode_data((int)len, (int)k, (int)m, g, (uint8_t **)data, (uint8_t **)parity);
	free(a);
	free(g);
	return 0;
}

int diode_fec_decode(unsigned k, unsigned m, unsigned len, uint8_t *const *have, const uint8_t *have_idx,
		     unsigned nmiss, const uint8_t *miss_idx, uint8_t *const *out, struct diode_err *err)
{
	uint8_t *a, *b, *d, *c, *g;
	size_t kk = (size_t)k * k;
	int rc = 0;

	if (fec_check(k, m, len, err) < 0)
		return -1;
	for (unsigned i = 0; i < k; i++)
		if (have_idx[i] >= k + m || (i > 0 && have_idx[i] <= have_idx[i - 1]))
			return diode_fail(err, "fec: symbol %u of the block is index %u: not ascending below %u",
					  i, have_idx[i], k + m);
	if (nmiss == 0)
		return 0;
	if (nmiss > k)
		return diode_fail(err, "fec: %u symbols to rebuild in a block of %u", nmiss, k);
	for (unsigned i = 0; i < nmiss; i++)
		if (miss_idx[i] >= k)
			return diode_fail(err, "fec: index %u to rebuild is not a source symbol (k=%u)", miss_idx[i], k);
	a = malloc((size_t)(k + m) * k);
	b = malloc(kk);
	d = malloc(kk);
	c = malloc((size_t)nmiss * k);
	g = malloc((size_t)32 * k * nmiss);
	if (a == NULL || b == NULL || d == NULL || c == NULL || g == NULL) {
		rc = diode_fail(err, "fec: decoding tables for k=%u m=%u: out of memory", k, m);
		goto out;
	}
	/* the rows of the symbols we have form b; b^-1 maps them back to the source symbols */
	gf_gen_cauchy1_matrix(a, (int)(k + m), (int)k);
	for (unsigned i = 0; i < k; i++)
		memcpy(b + (size_t)i * k, a + (size_t)have_idx[i] * k, k);
	if (gf_invert_matrix(b, d, (int)k) != 0) {
		rc = diode_fail(err, "fec: the %u symbols in hand give a singular matrix (k=%u m=%u)", k, k, m);
		goto out;
	}
	for (unsigned i = 0; i < nmiss; i++)
		memcpy(c + (size_t)i * k, d + (size_t)miss_idx[i] * k, k);
	ec_init_tables((int)k, (int)nmiss, c, g);
	ec_encode_data((int)len, (int)k, (int)nmiss, g, (uint8_t **)have, (uint8_t **)out);
out:
	free(a);
	free(b);
	free(d);
	free(c);
	free(g);
	return rc;
}
