/*
 * Sealed secrets (image/nodeseal, init/secrets.c): the layout of one NAME.sealed file, and the
 * node key's text forms. Pure code, no crypto: init and the staging tool share it.
 *
 *   offset  size  field
 *   0       8     magic "NODESEAL"
 *   8       1     format version, 1
 *   9       1     name length n (1..SEAL_NAME_MAX)
 *   10      8     key id: the first 8 bytes of BLAKE2b-256 of the node public key it is sealed for
 *   18      n     the secret's name (also its file name under /run/secrets)
 *   18+n    ...   a libsodium sealed box (crypto_box_seal) of the inner plaintext:
 *                   1 byte name length, the name again, 2 bytes mode (little endian), content
 *
 * The name is inside the box too, so a sealed file renamed or given another header does not open
 * as a different secret. The key id lets init say which key a file wants before it tries.
 */
#ifndef NODE_SEAL_FORMAT_H
#define NODE_SEAL_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

#define SEAL_MAGIC "NODESEAL"
#define SEAL_MAGIC_LEN 8
#define SEAL_VERSION 1
#define SEAL_NAME_MAX 64
#define SEAL_KEYID_LEN 8
#define SEAL_KEY_LEN 32			/* X25519 public and secret keys */
#define SEAL_BOX_OVERHEAD 48		/* crypto_box_SEALBYTES: ephemeral key + MAC */
#define SEAL_CONTENT_MAX (256 * 1024)	/* per secret: credentials, keys, certificates */
#define SEAL_HEADER_FIXED (SEAL_MAGIC_LEN + 2 + SEAL_KEYID_LEN)
#define SEAL_INNER_MAX (1 + SEAL_NAME_MAX + 2 + SEAL_CONTENT_MAX)
#define SEAL_FILE_MAX (SEAL_HEADER_FIXED + SEAL_NAME_MAX + SEAL_BOX_OVERHEAD + SEAL_INNER_MAX)
#define SEAL_SUFFIX ".sealed"

/* Text forms of the keys: one line "node-key <64 hex>" (secret), "node-pub <64 hex>" (public). */
#define SEAL_SECRET_TAG "node-key"
#define SEAL_PUBLIC_TAG "node-pub"
#define SEAL_KEYFILE_MAX 128

struct seal_header {
	char name[SEAL_NAME_MAX + 1];
	uint8_t keyid[SEAL_KEYID_LEN];
	size_t box_off;		/* where the sealed box starts in the file */
	size_t box_len;
};

struct seal_inner {
	char name[SEAL_NAME_MAX + 1];
	unsigned mode;		/* permission bits only, 0..0777 */
	const uint8_t *content;	/* points into the caller's plaintext buffer */
	size_t content_len;
};

/* A secret's name: 1..64 of [A-Za-z0-9._-], not starting with '.'. 1 if valid. */
int seal_name_valid(const char *name, size_t len);

/* Parses and bounds the outer header of a sealed file of len bytes. 0, or -1 with a reason. */
int seal_header_parse(const uint8_t *buf, size_t len, struct seal_header *h, char *err,
		      size_t errcap) WUR;

/* Writes the outer header for name and keyid into out (cap bytes). Returns its length, or 0. */
size_t seal_header_build(uint8_t *out, size_t cap, const char *name,
			 const uint8_t keyid[SEAL_KEYID_LEN]);

/* Parses the opened box. 0, or -1 with a reason. */
int seal_inner_parse(const uint8_t *buf, size_t len, struct seal_inner *in, char *err,
		     size_t errcap) WUR;

/* Writes the inner plaintext into out (cap bytes). Returns its length, or 0 if it does not fit. */
size_t seal_inner_build(uint8_t *out, size_t cap, const char *name, unsigned mode,
			const uint8_t *content, size_t content_len);

/*
 * Parses a key file's text: "<tag> <64 hex digits>" and an optional newline, nothing else.
 * 0, or -1 with a reason (never the key's digits).
 */
int seal_key_parse(const char *text, size_t len, const char *tag, uint8_t key[SEAL_KEY_LEN],
		   char *err, size_t errcap) WUR;

/* Formats a key id as 16 upper-case hex digits. */
void seal_keyid_hex(const uint8_t keyid[SEAL_KEYID_LEN], char out[2 * SEAL_KEYID_LEN + 1]);

#endif
