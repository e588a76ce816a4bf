/* Big-endian fields of the packet header, byte by byte: no alignment or host-order assumptions. */
#ifndef DIODE_BE_H
#define DIODE_BE_H

#include <stdint.h>

static inline uint64_t diode_be_get(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static inline void diode_be_put(uint8_t *p, unsigned n, uint64_t v)
{
	for (unsigned i = n; i-- > 0; v >>= 8)
		p[i] = (uint8_t)v;
}

#endif
