/* The diode's packet: one UDP datagram carries one symbol of one source block, with everything the
 * receiver needs to place it (so any single packet can start a transfer) and a keyed tag.
 *
 *   struct diode_hdr (128 bytes, big-endian numbers) | payload (symbol_size bytes) | tag (16 bytes)
 *
 * The tag is keyed BLAKE2b-128 (libsodium crypto_generichash) over header and payload with the
 * site's 32-byte diode key. With the default 1280-byte symbol a datagram is 1424 bytes, 1452 on
 * the wire with IPv4 and UDP headers: it fits a 1500-byte MTU without fragmentation, which a diode
 * could not repair (a lost fragment loses the whole datagram). */
#ifndef DIODE_PACKET_H
#define DIODE_PACKET_H

#include <stddef.h>
#include <stdint.h>

#include "diode_err.h"

#define DIODE_MAGIC "NDIO"
#define DIODE_VERSION 1
#define DIODE_TAG_BYTES 16
#define DIODE_HASH_BYTES 32         /* BLAKE2b-256 of the whole file */
#define DIODE_NAME_FIELD 64         /* NUL-padded; a name has at most 63 bytes */
#define DIODE_NAME_MAX (DIODE_NAME_FIELD - 1)
#define DIODE_NAME_SUFFIX ".bundle" /* what the update agent's watch picks up */
#define DIODE_SYMBOL_MIN 16
#define DIODE_SYMBOL_MAX 1328       /* 1500 - 20 (IPv4) - 8 (UDP) - 128 - 16 */
#define DIODE_SYMBOL_DEFAULT 1280
#define DIODE_N_MAX 255             /* k + m per block: Reed-Solomon over GF(2^8) */
#define DIODE_BLOCKS_MAX 65536u     /* bounds the receiver's per-block table (~40 B each) */
#define DIODE_SIZE_MAX (1ull << 40) /* protocol limit; the receiver's --max-size is lower */

struct diode_hdr {
	uint8_t magic[4];       /* DIODE_MAGIC */
	uint8_t version;        /* DIODE_VERSION */
	uint8_t reserved;       /* 0: covered by the tag, so a later version can use it */
	uint8_t k;              /* source symbols in this block, 1..kmax */
	uint8_t m;              /* parity symbols in this block; k + m <= 255 */
	uint8_t index;          /* 0..k-1 source, k..k+m-1 parity */
	uint8_t kmax;           /* source symbols of a full block: the layout of the file */
	uint8_t symbol_size[2];
	uint8_t block[4];
	uint8_t transfer_id[8];
	uint8_t file_size[8];
	uint8_t file_hash[DIODE_HASH_BYTES];
	uint8_t name[DIODE_NAME_FIELD];
};

#define DIODE_HDR_BYTES sizeof(struct diode_hdr)
#define DIODE_PACKET_MIN (DIODE_HDR_BYTES + DIODE_SYMBOL_MIN + DIODE_TAG_BYTES)
#define DIODE_PACKET_MAX (DIODE_HDR_BYTES + DIODE_SYMBOL_MAX + DIODE_TAG_BYTES)

/* A transfer's constants: the same in every packet of it. */
struct diode_layout {
	uint64_t transfer_id;
	uint64_t file_size;
	uint8_t file_hash[DIODE_HASH_BYTES];
	char name[DIODE_NAME_FIELD];
	unsigned symbol_size;
	unsigned kmax;
	uint32_t nblocks;
};

/* One parsed packet; payload points into the caller's buffer. */
struct diode_packet {
	struct diode_layout lay;
	uint32_t block;
	unsigned k, m, index;
	const uint8_t *payload;
	const uint8_t *tag;
	size_t signed_len; /* header + payload: what the tag covers */
};

/* Sets lay->nblocks from file_size, symbol_size and kmax; -1 with err if the file needs more than
 * DIODE_BLOCKS_MAX blocks or the fields are out of range. */
int diode_layout_init(struct diode_layout *lay, struct diode_err *err) DIODE_WUR;
/* Source symbols in block b: kmax, but fewer in the last block. */
unsigned diode_layout_block_k(const struct diode_layout *lay, uint32_t b);
/* Byte offset of block b's first source symbol in the file. */
uint64_t diode_layout_block_offset(const struct diode_layout *lay, uint32_t b);

/* A file name a transfer may deliver: 1..63 bytes of [A-Za-z0-9._-], not starting with '.',
 * ending in ".bundle". 0, or -1 with err saying why. */
int diode_name_check(const char *name, struct diode_err *err) DIODE_WUR;

/* Writes header + payload (symbol_size bytes) into out (DIODE_PACKET_MAX bytes) and leaves the tag
 * bytes zero; returns the datagram's length. The caller signs it with diode_tag_sign. */
size_t diode_packet_encode(const struct diode_layout *lay, uint32_t block, unsigned k, unsigned m,
			   unsigned index, const uint8_t *payload, uint8_t *out);

/* Checks every field of a received datagram against explicit bounds before anything uses it:
 * length, magic, version, symbol size, k/m/index, block against the layout, file size, name.
 * Does not check the tag. 0, or -1 with err saying which field is wrong and how. */
int diode_packet_parse(const uint8_t *buf, size_t len, struct diode_packet *p, struct diode_err *err) DIODE_WUR;

#endif
