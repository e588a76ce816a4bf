/* Sets the hostname: this node's own from /var/lib/node/hostname (the installer writes it from
 * the provisioning config), else the image's /etc/hostname. */
#ifndef NODE_HOSTNAME_SET_H
#define NODE_HOSTNAME_SET_H

#include <stddef.h>
#include "compiler.h"

#define HOSTNAME_LEN_MAX 64

/* 1 and the name in name (cap > HOSTNAME_LEN_MAX) and the file it came from in *source when
 * set, 0 when neither file has a name, -1 with a reason in err (a bad node file is an error,
 * not a reason to fall back to the image's name). */
int hostname_set(char *name, size_t cap, const char **source, char *err, size_t errcap) WUR;

#endif
