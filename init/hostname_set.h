/* Sets the hostname from /etc/hostname when the image has one. */
#ifndef NODE_HOSTNAME_SET_H
#define NODE_HOSTNAME_SET_H

#include <stddef.h>
#include "compiler.h"

#define HOSTNAME_LEN_MAX 64

/* 1 and the name in name (cap > HOSTNAME_LEN_MAX) when set, 0 when there is no file or it is
 * empty, -1 with a reason in err. */
int hostname_set(char *name, size_t cap, char *err, size_t errcap) WUR;

#endif
