/* Byte counts as an operator writes them (--size 32m) and reads them (32 MiB). Pure. */
#ifndef NODELOG_LOG_SIZE_H
#define NODELOG_LOG_SIZE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Digits with an optional suffix k, m or g (powers of 1024), nothing else: no sign, no
 * space, no fraction. 0 with *out, or -1 (also on overflow past 2^63).
 */
int log_size_parse(const char *s, uint64_t *out) __attribute__((warn_unused_result));

/* "32 MiB", "1.5 GiB", "6.2 KiB", "900 bytes": exact when it is a whole number of units, else one
   decimal. Always NUL-terminated. */
void log_size_text(char *out, size_t cap, uint64_t bytes);

#endif
