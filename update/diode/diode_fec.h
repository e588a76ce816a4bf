/* Reed-Solomon erasure code over GF(2^8) with Intel ISA-L: a block of k source symbols gets m
 * parity symbols, and any k of the k+m rebuild the block (k + m <= 255). */
#ifndef DIODE_FEC_H
#define DIODE_FEC_H

#include <stdint.h>

#include "diode_err.h"

/* parity[0..m-1] from data[0..k-1], every symbol len bytes. -1 with err on bad k/m or no memory. */
int diode_fec_encode(unsigned k, unsigned m, unsigned len, uint8_t *const *data, uint8_t *const *parity,
		     struct diode_err *err) DIODE_WUR;

/* Rebuilds missing source symbols. have_idx[0..k-1] are the indices (ascending, distinct, each
 * < k+m) of the symbols in have[0..k-1]; miss_idx[0..nmiss-1] the source indices (< k) to rebuild
 * into out[0..nmiss-1]. -1 with err if the indices are wrong or the matrix does not invert. */
int diode_fec_decode(unsigned k, unsigned m, unsigned len, uint8_t *const *have, const uint8_t *have_idx,
		     unsigned nmiss, const uint8_t *miss_idx, uint8_t *const *out, struct diode_err *err) DIODE_WUR;

#endif
