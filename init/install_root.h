/* The installer's root: the bundle verified whole with the update library (signature, manifest,
 * every block of root.img against the signed verity root, the UKI's sha256), then its root.img
 * mapped through dm-verity with the signed parameters, straight out of the bundle file. */
#ifndef NODE_INSTALL_ROOT_H
#define NODE_INSTALL_ROOT_H

#include <stddef.h>
#include "compiler.h"

#define INSTALL_KEYS_DIR "/etc/node/update-keys"	/* in the initramfs: the build's keys */
#define INSTALL_PRODUCT "node"

struct install_root_info {
	char version[32];
	char key_id[17];
	unsigned long long bundle_bytes, data_blocks, hash_blocks;
	long verify_ms;
};

/*
 * Verifies bundle with the keys in INSTALL_KEYS_DIR and maps its root.img as DM_ROOT_NODE (two
 * read-only loop devices: the tree, which comes first in the member, and the data after it).
 * 0 with *info, or -1 with a reason in err (the update library's own words for a bad bundle).
 */
int install_root_map(const char *bundle, struct install_root_info *info, char *err,
		     size_t errcap) WUR;

#endif
