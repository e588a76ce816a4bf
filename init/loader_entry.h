/*
 * Pure parser for the boot loader entry id systemd-boot booted (LoaderEntrySelected), which for a
 * type #2 entry is the UKI's file name, lowercased: node-<a|b>.efi, or with boot counting
 * node-<a|b>+LEFT.efi and node-<a|b>+LEFT-DONE.efi (REFERENCE C.2).
 */
#ifndef NODE_LOADER_ENTRY_H
#define NODE_LOADER_ENTRY_H

#include <stddef.h>
#include "compiler.h"

#define LOADER_ENTRY_PREFIX "node-"
#define LOADER_ENTRY_SUFFIX ".efi"
#define LOADER_COUNTER_DIGITS_MAX 10	/* counters are at most INT_MAX */
#define LOADER_ENTRY_NAME_MAX 32	/* "node-a" + "+" LEFT + "-" DONE + ".efi": 6 + 11 + 11 + 4 */

struct loader_entry {
	char slot;	/* 'a' or 'b' */
	int counting;	/* the name carries +LEFT[-DONE] */
};

/* 0 with e filled, or -1 with a reason in err. Nothing but the exact grammar passes. */
int loader_entry_parse(const char *name, struct loader_entry *e, char *err, size_t errcap) WUR;

#endif
