/* Loads the modules named in a list file, dependencies first, with finit_module(2). */
#ifndef NODE_MODLOAD_H
#define NODE_MODLOAD_H

#include <stddef.h>
#include "compiler.h"

struct modload_result {
	unsigned loaded;	/* newly inserted */
	unsigned present;	/* EEXIST: already loaded */
	unsigned builtin;	/* listed but built into the kernel (modules.builtin) */
	unsigned nodevice;	/* ENODEV: the module has nothing to drive here (e.g. efivarfs off EFI) */
};

/*
 * Reads list_path and /lib/modules/<release>/modules.dep (and modules.builtin if present) into
 * static buffers, resolves every listed module and loads the plan. A listed module absent from
 * modules.dep and modules.builtin is an error. 0, or -1 with a reason in err.
 */
int modload_list(const char *list_path, struct modload_result *r, char *err, size_t errcap) WUR;

/* The same for a list already in memory (list_len bytes, list file format); what names it in errors. */
int modload_names(const char *what, const char *list, size_t list_len, struct modload_result *r,
		  char *err, size_t errcap) WUR;

#endif
