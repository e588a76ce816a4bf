/* Fuzz targets' invariants: one that fails for some input aborts loudly, so libFuzzer reports it
 * like a crash. Shared by every target (update, nodecri, init). */
#ifndef FUZZ_ASSERT_H
#define FUZZ_ASSERT_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_ASSERT(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
			abort(); \
		} \
	} while (0)

#endif
