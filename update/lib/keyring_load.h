/* The trusted update keys: every *.pub (minisign public key file) in a directory, in name order;
 * several files are several trusted keys (a key rotation). */
#ifndef NU_KEYRING_LOAD_H
#define NU_KEYRING_LOAD_H

#include "minisign.h"
#include "upd_attr.h"
#include "upd_error.h"

#define KEYS_DIR_DEFAULT "/etc/node/update-keys"
#define KEYS_SUFFIX ".pub"
#define KEYS_FILES_MAX 32                /* files looked at; more than MINISIGN_KEYRING_MAX keys fail */

/* 0 with at least one key, or -1 with err (no key at all is an error: nothing could verify). */
int keyring_load_dir(const char *dir, struct minisign_keyring *ring, struct upd_error *err) UPD_WUR;

#endif
