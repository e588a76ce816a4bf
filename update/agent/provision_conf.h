/* provision.conf, what the installer's operator says about one node (update/README.md,
 * "Provision"): which disk, whether a used disk may be overwritten, its hostname and its node key.
 *
 *   # comments, blank lines
 *   disk first-non-removable        # or: disk serial SERIAL, or: disk name sda
 *   wipe no                         # yes: a disk that is not blank may be overwritten
 *   hostname node-17                # required: [A-Za-z0-9-.], 1..63
 *   node-key <64 lowercase hex>     # required
 *
 * At most PROVISION_CONF_MAX bytes of printable ASCII, tabs and LF line ends (the last may be
 * missing). Tokens are separated by spaces or tabs; a '#' at the start of a line or after a space
 * or tab starts a comment. Every key at most once; disk, hostname and node-key are required;
 * unknown keys are refused. Pure: the caller reads the file and checks its signature first. */
#ifndef NU_PROVISION_CONF_H
#define NU_PROVISION_CONF_H

#include <stddef.h>

#include "upd_attr.h"
#include "upd_error.h"

#define PROVISION_CONF_MAX 4096
#define PROVISION_SIG_TOKEN "file:provision.conf"  /* the trusted comment must name the file */
#define PROVISION_HOSTNAME_MAX 63
#define PROVISION_NODE_KEY_HEX 64
#define PROVISION_SERIAL_MAX 128
#define PROVISION_DISK_NAME_MAX 63

enum provision_disk_rule {
	DISK_RULE_NONE,
	DISK_RULE_FIRST_NON_REMOVABLE,
	DISK_RULE_SERIAL,
	DISK_RULE_NAME,
};

struct provision_conf {
	enum provision_disk_rule disk_rule;
	char disk_arg[PROVISION_SERIAL_MAX + 1];   /* the serial or the kernel name; "" otherwise */
	int wipe;
	char hostname[PROVISION_HOSTNAME_MAX + 1];
	char node_key[PROVISION_NODE_KEY_HEX + 1];  /* lowercase hex, a secret: never printed */
};

/* 0 with c filled, or -1 with err (UPD_ERR_BAD) naming the line and what is wrong with it; the
 * node key's value never appears in a message. */
int provision_conf_parse(const char *text, size_t len, struct provision_conf *c,
			 struct upd_error *err) UPD_WUR;

/* The disk line as the operator wrote it, for messages: "disk serial S7XNJ0K". Returns out. */
const char *provision_disk_rule_text(const struct provision_conf *c, char *out, size_t cap);

#endif
