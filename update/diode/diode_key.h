/* The site's diode key: 32 random bytes shared by the staging sender and every node's receiver,
 * in a one-line file "diode-key <64 hex digits>". It authenticates packets (diode_tag); it is not
 * the update signing key, which still checks every bundle on the node. */
#ifndef DIODE_KEY_H
#define DIODE_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "diode_err.h"

#define DIODE_KEY_BYTES 32
#define DIODE_KEY_PREFIX "diode-key "
#define DIODE_KEY_FILE_MAX 128 /* prefix + 64 hex + newline, with room to say "too long" */
#define DIODE_KEY_ID_HEX 8     /* first 4 bytes of BLAKE2b(key), shown in messages */

struct diode_key {
	uint8_t key[DIODE_KEY_BYTES];
	char id[DIODE_KEY_ID_HEX + 1];
};

/* Parses the text of a key file (one line; a final newline is optional; nothing else). */
int diode_key_parse(const char *text, size_t len, struct diode_key *k, struct diode_err *err) DIODE_WUR;
/* Reads and parses path. */
int diode_key_load(const char *path, struct diode_key *k, struct diode_err *err) DIODE_WUR;
/* Writes a new random key to path, mode 0600, refusing to replace an existing file. */
int diode_key_generate(const char *path, struct diode_err *err) DIODE_WUR;

/* Keyed BLAKE2b-128 over the first signed_len bytes of pkt, written right after them. */
void diode_tag_sign(const struct diode_key *k, uint8_t *pkt, size_t signed_len);
/* 0 if the tag after the first signed_len bytes verifies (constant-time compare), else -1. */
int diode_tag_verify(const struct diode_key *k, const uint8_t *pkt, size_t signed_len) DIODE_WUR;

#endif
