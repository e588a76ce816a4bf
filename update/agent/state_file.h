/* The agent's state in its state directory (default /var/lib/nodeupdate/state), one text file
 * replaced atomically:
 *
 *   nodeupdate-state 1
 *   floor 2.0.0                   lowest version a bundle may have (raised by mark-good)
 *   last-result ok                ok | failed | refused
 *   last-version 2.0.0            the bundle's version, when it was known
 *   last-time 1700000000          seconds since the epoch
 *   last-bundle node-2.0.0.bundle
 *   last-error <text>             why the last install failed
 *   rolled-back 2.0.0             a version that was tried and abandoned
 *   rolled-back-time 1700000100
 *
 * Every key is optional and at most once. Unknown keys are ignored (and dropped on the next
 * write) so that an older agent, after a rollback, still reads what a newer one wrote. */
#ifndef NU_STATE_FILE_H
#define NU_STATE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"
#include "version.h"

#define STATE_FILE_NAME "state"
#define STATE_FILE_MAX 4096
#define STATE_MAGIC "nodeupdate-state 1"
#define STATE_TEXT_MAX 400               /* last-error, last-bundle */

enum last_result { LAST_NONE, LAST_OK, LAST_FAILED, LAST_REFUSED };

struct agent_state {
	int has_floor;
	struct version floor;
	enum last_result last;
	int has_last_version;
	struct version last_version;
	uint64_t last_time;
	char last_bundle[STATE_TEXT_MAX + 1];
	char last_error[STATE_TEXT_MAX + 1];
	int has_rolled_back;
	struct version rolled_back;
	uint64_t rolled_back_time;
};

const char *last_result_name(enum last_result r);

/* Strict on what it knows: the first line, each known key once, valid values, LF endings,
 * printable ASCII. 0, or -1 with err naming the line. */
int state_parse(const char *text, size_t len, struct agent_state *s, struct upd_error *err) UPD_WUR;

/* The canonical text; parses back to s. 0, or -1 with err if it does not fit. */
int state_format(const struct agent_state *s, char *out, size_t cap, size_t *len,
		 struct upd_error *err) UPD_WUR;

/* Copies text into a state text field, replacing what the format cannot hold (non-printable
 * bytes, newlines) with '?' and truncating to STATE_TEXT_MAX. */
void state_text_set(char dst[STATE_TEXT_MAX + 1], const char *text);

/* dir/state: missing = empty state (a new node). 0, or -1 with err (a corrupt file is an error:
 * the floor is security-relevant and is never silently reset). */
int state_load(const char *dir, struct agent_state *s, struct upd_error *err) UPD_WUR;

/* Writes dir/state through a temporary file, fsync, rename, fsync of dir. */
int state_save(const char *dir, const struct agent_state *s, struct upd_error *err) UPD_WUR;

#endif
