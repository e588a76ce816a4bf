/* The bundle manifest: a small signed text that names the product, the versions and, for each
 * payload, its size and sha256 (and for the root image its dm-verity parameters). update/FORMAT.md
 * is the specification; manifest_parse accepts exactly that and nothing else. */
#ifndef UPD_MANIFEST_H
#define UPD_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"
#include "version.h"

#define MANIFEST_MAX_BYTES 4096
#define MANIFEST_FORMAT 1
#define MANIFEST_PRODUCT_MAX 32
#define MANIFEST_SHA256_BYTES 32
#define MANIFEST_VERITY_BYTES 32            /* root hash and salt: sha256-sized */
#define MANIFEST_BLOCK_SIZE 4096            /* root.img is whole 4 KiB verity blocks */
#define MANIFEST_PAYLOAD_NAME_MAX 16
#define MANIFEST_ROOT_NAME "root.img"
#define MANIFEST_UKI_NAME "uki.efi"

enum manifest_payload_index { MANIFEST_ROOT = 0, MANIFEST_UKI = 1, MANIFEST_PAYLOADS = 2 };

struct manifest_payload {
	char name[MANIFEST_PAYLOAD_NAME_MAX];
	uint64_t size;                        /* bytes of the member as stored in the bundle */
	uint8_t sha256[MANIFEST_SHA256_BYTES]; /* over the member as stored */
};

struct manifest {
	unsigned format;
	char product[MANIFEST_PRODUCT_MAX + 1];
	struct version version;
	struct version min_version;           /* lowest installed version this bundle may replace */
	struct manifest_payload payload[MANIFEST_PAYLOADS];
	uint8_t verity_root[MANIFEST_VERITY_BYTES];
	uint8_t verity_salt[MANIFEST_VERITY_BYTES];
	uint64_t data_blocks;                 /* 4 KiB data blocks of root.img */
	uint64_t hash_blocks;                 /* 4 KiB blocks before them: superblock + hash levels */
};

/* Parses the whole manifest text (len bytes, no NUL needed). Strict: keys in order, each once,
 * single spaces, LF line ends, printable ASCII, numbers without leading zeros, lowercase hex,
 * min-version <= version, root size == (data-blocks + hash-blocks) * 4096. 0, or -1 with err
 * naming the line. */
int manifest_parse(const char *text, size_t len, struct manifest *m, struct upd_error *err) UPD_WUR;

/* Writes the canonical text of m into out (cap bytes) and its length to *len; the result parses
 * back to m. 0, or -1 with err if it does not fit or m has invalid names. */
int manifest_format(const struct manifest *m, char *out, size_t cap, size_t *len,
		    struct upd_error *err) UPD_WUR;

#endif
