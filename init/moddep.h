/*
 * Pure modules.dep logic. A line reads "kernel/path/name.ko: kernel/dep1.ko kernel/dep2.ko";
 * modules.builtin lines are just a path. Module names compare with '-' and '_' as equal.
 */
#ifndef NODE_MODDEP_H
#define NODE_MODDEP_H

#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

#define MODDEP_MAX_PLAN 256	/* modules one list may load, dependencies included */
#define MODDEP_MAX_DEPTH 16	/* nesting of dependencies; deeper means a broken file */
#define MODULE_NAME_MAX 56	/* the kernel's MODULE_NAME_LEN is 56 including NUL */

/* A module's path, as a slice of the modules.dep buffer. */
struct moddep_item {
	size_t off;
	size_t len;
};

/* Paths to load, in order: every module after its dependencies, none twice. */
struct moddep_plan {
	size_t count;
	struct moddep_item item[MODDEP_MAX_PLAN];
};

void moddep_plan_init(struct moddep_plan *plan);

/* 1 if buf (modules.dep or modules.builtin) has a line for module name, else 0. */
int moddep_contains(const char *buf, size_t len, const char *name, size_t namelen);

/*
 * Appends module name and, before it, its dependencies (recursively, depth-limited, cycles
 * refused) to plan, skipping what the plan already holds. 0, or -1 with a reason in err.
 */
int moddep_resolve(const char *dep, size_t deplen, const char *name, size_t namelen,
		   struct moddep_plan *plan, char *err, size_t errcap) WUR;

/*
 * Next module name of a list file (one name a line, '#' starts a comment, blank lines skipped).
 * Returns 1 with name and namelen set, 0 at the end, -1 on a malformed line (reason in err, with
 * its number). *pos starts at 0, *lineno at 0.
 */
int modlist_next(const char *buf, size_t len, size_t *pos, unsigned *lineno, const char **name,
		 size_t *namelen, char *err, size_t errcap) WUR;

#endif
