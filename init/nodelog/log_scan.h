/*
 * What the log directory holds, by its files' names and sizes: how much the current boot uses
 * and in which segments, how much the earlier boots use and which is the oldest. Only regular
 * files named like the log's (log_name.h) count; anything else is neither counted nor touched.
 * Uses getdents64 directly (init/dirscan.c), so it never allocates.
 */
#ifndef NODELOG_LOG_SCAN_H
#define NODELOG_LOG_SCAN_H

#include <stdint.h>

#define LOG_SCAN_BOOTS 64	/* distinct earlier boots told apart; more is "too many" anyway */

struct log_scan {
	unsigned boot;		/* input: the current boot (0: none yet) */
	unsigned max_boot;	/* the highest boot number seen, 0 if none */
	/* the current boot */
	unsigned cur_files;
	uint64_t cur_bytes;
	int has_seg0;
	int has_middle;		/* a segment other than 0 exists ... */
	unsigned min_middle;	/* ... and this is the oldest */
	int has_seg;		/* any segment exists ... */
	unsigned max_seg;	/* ... and this is the newest */
	/* the earlier boots (every boot number but the current one) */
	uint64_t earlier_bytes;
	unsigned earlier_boots;	/* how many, up to LOG_SCAN_BOOTS ... */
	int earlier_many;	/* ... or more than that */
	unsigned oldest;	/* the lowest earlier boot number, if earlier_boots > 0 */
	unsigned boots[LOG_SCAN_BOOTS];
};

/* Fills *s for boot `boot`. 0, or -1 with errno. */
int log_scan(int dirfd, unsigned boot, struct log_scan *s) __attribute__((warn_unused_result));

/*
 * Unlinks every log file of `boot` (seg < 0) or just its segment seg. Returns the bytes removed
 * (>= 0), or -1 with errno for the first file it could not remove (it stops there).
 */
int64_t log_scan_remove(int dirfd, unsigned boot, long seg) __attribute__((warn_unused_result));

#endif
