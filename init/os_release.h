/* Pure lookup of one KEY in an os-release buffer (KEY=value, KEY="value" or KEY='value'). */
#ifndef NODE_OS_RELEASE_H
#define NODE_OS_RELEASE_H

#include <stddef.h>
#include "compiler.h"

/* 0 with the unquoted value in out, or -1 if the key is absent, malformed or too long. */
int os_release_value(const char *buf, size_t len, const char *key, char *out, size_t cap) WUR;

#endif
