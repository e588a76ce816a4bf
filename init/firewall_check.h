/*
 * Is the node's firewall in force? A pure check of `nft list table inet node`'s output: the table
 * is there and its input, forward and output chains are filter hooks whose policy is drop. The
 * ruleset itself comes from the verity-checked root; this proves the kernel holds it.
 */
#ifndef NODE_FIREWALL_CHECK_H
#define NODE_FIREWALL_CHECK_H

#include <stddef.h>
#include "compiler.h"

#define FIREWALL_TABLE "node"

/* 0 when in force, else -1 with what is missing in why. */
int firewall_check_listing(const char *text, size_t len, char *why, size_t cap) WUR;

#endif
