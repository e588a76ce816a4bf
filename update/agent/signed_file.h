/* A small file with its detached minisign signature beside it (PATH.minisig, what `minisign -S
 * -m PATH` writes), verified with the update keyring before a byte of the file is interpreted:
 * provision.conf, which says which disk the installer overwrites and carries the node key. */
#ifndef NU_SIGNED_FILE_H
#define NU_SIGNED_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "minisign.h"
#include "upd_attr.h"
#include "upd_error.h"

#define SIGNED_FILE_SIG_SUFFIX ".minisig"

/* Reads path whole into buf (at most cap - 1 bytes, NUL-terminated) and path.minisig, verifies
 * the signature with ring, and requires token ("file:provision.conf") among the words of the
 * verified trusted comment, so that a valid signature of another file is not taken for this
 * one's. 0 with *len and *key_id set, or -1 with err: UPD_ERR_BAD for a missing, malformed or
 * forged signature, UPD_ERR_SYS for a file that cannot be read. */
int signed_file_read(const char *path, const struct minisign_keyring *ring, const char *token,
		     char *buf, size_t cap, size_t *len, uint64_t *key_id,
		     struct upd_error *err) UPD_WUR;

#endif
