/*
 * The node's secrets: every /etc/node/secrets/NAME.sealed in the image is opened with the node key
 * on the data partition (/var/lib/node/node.key) into /run/secrets/NAME, a root-only tmpfs. All or
 * nothing: on any failure /run/secrets is unmounted again, so no service sees half of them.
 */
#ifndef NODE_SECRETS_H
#define NODE_SECRETS_H

#include <stddef.h>
#include "compiler.h"
#include "seal_format.h"

#define SECRETS_SEALED_DIR "/etc/node/secrets"
#define SECRETS_RUN_DIR "/run/secrets"
#define SECRETS_NODE_KEY "/var/lib/node/node.key"
#define SECRETS_MAX 32

struct secrets_result {
	unsigned count;				/* secrets unsealed */
	char keyid[2 * SEAL_KEYID_LEN + 1];	/* the node key's id, "" when no key was read */
};

/*
 * Unseals every sealed secret. With none in the image, needs no key and returns 0 with count 0.
 * 0, or -1 with a reason in err that names the file, the key and why.
 */
int secrets_unseal(struct secrets_result *res, char *err, size_t errcap) WUR;

#endif
