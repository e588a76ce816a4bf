/* Bundles the watch has handled, by sha256, in the state directory (file "seen"), so that a
 * bundle on read-only media is never installed or rejected twice. One line each:
 *   <sha256 hex> <installed|rejected> <unix time> <file name>
 * Only the newest SEEN_MAX lines are kept. */
#ifndef NU_SEEN_LIST_H
#define NU_SEEN_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define SEEN_FILE_NAME "seen"
#define SEEN_MAX 256
#define SEEN_LINE_MAX 400
#define SEEN_FILE_MAX (SEEN_MAX * SEEN_LINE_MAX)

/* 1 if text (the file's content) lists sha256, else 0. */
int seen_list_has(const char *text, size_t len, const uint8_t sha256[32]);

/* Appends a line for sha256 to text (len bytes), dropping the oldest lines beyond SEEN_MAX; the
 * result goes to out (cap bytes). Returns its length. name is sanitised to printable ASCII. */
size_t seen_list_add(const char *text, size_t len, const uint8_t sha256[32], const char *result,
		     uint64_t when, const char *name, char *out, size_t cap);

/* Loads dir/seen (empty if missing) into buf (SEEN_FILE_MAX + 1 bytes). 0, or -1 with err. */
int seen_list_load(const char *dir, char *buf, size_t *len, struct upd_error *err) UPD_WUR;

#endif
