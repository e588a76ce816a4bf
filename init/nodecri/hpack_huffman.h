/*
 * HPACK's static Huffman code (RFC 7541 section 5.2 and Appendix B): the code table and a
 * decoder that refuses what the RFC calls a decoding error.
 */
#ifndef NODECRI_HPACK_HUFFMAN_H
#define NODECRI_HPACK_HUFFMAN_H

#include <stddef.h>
#include <stdint.h>

#define HPACK_HUFFMAN_SYMBOLS 257	/* the 256 octets and EOS */
#define HPACK_HUFFMAN_EOS 256
#define HPACK_HUFFMAN_BITS_MAX 30

struct hpack_huffman_code {
	uint32_t code;			/* right-aligned in the low `bits` bits */
	uint8_t bits;
};

extern const struct hpack_huffman_code hpack_huffman_table[HPACK_HUFFMAN_SYMBOLS];

/*
 * Decodes len bytes at src into dst (at most cap bytes, no terminator), *out the length.
 * -1 with *why: EOS inside the string, padding longer than 7 bits or not all ones, result
 * longer than cap.
 */
int hpack_huffman_decode(const uint8_t *src, size_t len, char *dst, size_t cap, size_t *out,
			 const char **why) __attribute__((warn_unused_result));

#endif
