/* Byte counts for people: "512 MiB", "19.9 GiB", "4096 bytes". */
#ifndef NU_SIZE_TEXT_H
#define NU_SIZE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define SIZE_TEXT_MAX 32

/* Exact in the largest unit that says it in fewer than 5 digits, else with one decimal in the
 * largest unit below it. Returns out. */
const char *size_text(uint64_t bytes, char out[SIZE_TEXT_MAX]);

#endif
