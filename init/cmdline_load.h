/* Reads /proc/cmdline (the kernel keeps dotted params out of init's environment) and parses it. */
#ifndef NODE_CMDLINE_LOAD_H
#define NODE_CMDLINE_LOAD_H

#include <stddef.h>
#include "cmdline.h"
#include "compiler.h"

int cmdline_load(struct node_cmdline *c, char *err, size_t errcap) WUR;

#endif
