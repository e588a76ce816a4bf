/*
 * The log on disk: one set of files per boot in DIR (log_name.h), within a hard size bound T
 * (--size):
 *   - the current boot uses at most T/2, in segments of T/16: a line that would make its
 *     segment exceed T/16 starts a new one, and before a new segment is created the oldest
 *     segment but segment 0 is deleted while the boot would otherwise have more than 8 or use
 *     more than T/2. A boot keeps its start (why it came up wrong) and its latest T/2 - T/16
 *     (why it failed); the middle goes.
 *   - before a boot is created and on every rotation, whole earlier boots are deleted, oldest
 *     first, while they use more than T - T/2 or number more than LOG_EARLIER_BOOTS_MAX.
 * So the log files never use more than T. Every segment starts with a header line that says
 * which boot and segment it is, what booted, and which segments went before it.
 *
 * Lines are gathered into batches written with one write(2); a failed write is undone
 * (ftruncate) so a file only ever holds whole lines, its records are counted as dropped, and
 * the next write tries again. DIR/cursor (log_cursor.h) follows every batch, so a nodelog
 * restarted within the same boot continues it (a new segment of the same boot, from the record
 * after the cursor's) instead of starting another.
 */
#ifndef NODELOG_LOG_STORE_H
#define NODELOG_LOG_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "log_cursor.h"
#include "log_line.h"

#define LOG_SIZE_MIN (64ULL << 10)
#define LOG_SIZE_MAX (4ULL << 30)
#define LOG_SEGMENTS_PER_BOOT 8		/* T/2 in segments of T/16 */
#define LOG_EARLIER_BOOTS_MAX 32
#define LOG_STORE_BATCH 16384		/* bytes gathered before a write(2) */
#define LOG_DIR_MAX 200
#define LOG_VERSION_MAX 64
#define LOG_HOST_MAX 64			/* HOST_NAME_MAX on Linux */
#define LOG_REPORT_MAX 512

/* What booted, for the segments' header lines. */
struct log_boot_info {
	char boot_id[LOG_BOOT_ID_LEN + 1];
	char version[LOG_VERSION_MAX];	/* IMAGE_VERSION, "" if unknown */
	char slot;			/* 'a', 'b', or '?' */
	int trial;			/* 1 trial boot, 0 blessed, -1 unknown */
	char host[LOG_HOST_MAX + 1];
};

/* Receives a message for the operator when the store's state changes (no "nodelog: " prefix). */
typedef void log_report_fn(const char *msg);

struct log_store {
	int dirfd;
	char dir[LOG_DIR_MAX];
	uint64_t total_cap, boot_cap, seg_cap;
	struct log_boot_info info;
	log_report_fn *report;

	unsigned boot;		/* the log's number for this boot */
	int resumed;		/* continuing a boot an earlier run started */
	uint64_t resume_seq;	/* if resumed: the last record that run handled */
	unsigned seg;		/* the open segment's number */
	unsigned next_seg;	/* the number the next segment gets */
	int fd;			/* the open segment, -1 if none */
	uint64_t seg_bytes;	/* bytes in the open segment's file */
	int64_t retry_at_usec;	/* no segment could be created: not again before this uptime */
	int create_errno;	/* why not */

	int have_seq;		/* a record was handled: the cursor can be written */
	uint64_t seq;		/* the last record handled */
	int cursor_written;	/* DIR/cursor holds cursor_seq ... */
	uint64_t cursor_seq;
	int cursor_durable;	/* ... fsynced */
	int opening;		/* in log_store_open: its caller says what failed */

	char batch[LOG_STORE_BATCH];
	size_t batch_len;
	unsigned batch_records;

	int unsynced;		/* written since the last fsync */
	int failing;		/* writing fails: reported, records being dropped */
	uint64_t dropped;	/* records dropped in this episode */
	int sync_failing, cursor_failing, prune_failing;
};

/*
 * Opens DIR (which must exist and be writable by this process) and locks it (flock: one
 * nodelog per directory), decides the boot number (the
 * cursor's if its boot_id is info's, else the highest in DIR plus one), deletes what the budget
 * needs and creates the boot's first segment of this run. total is T in bytes
 * (LOG_SIZE_MIN..LOG_SIZE_MAX). 0, or -1 with why.
 */
int log_store_open(struct log_store *st, const char *dir, uint64_t total,
		   const struct log_boot_info *info, log_report_fn *report, char *why, size_t whycap)
	__attribute__((warn_unused_result));

/* Appends one record's line (from log_line_format) and notes its number as handled. */
void log_store_record(struct log_store *st, const char *line, size_t len, uint64_t seq);

/* Notes a record as handled without a line: an earlier run wrote it. */
void log_store_skip(struct log_store *st, uint64_t seq);

/* Appends a line of nodelog's own ("nodelog: " and the text), e.g. about records lost. */
void log_store_note(struct log_store *st, unsigned level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Writes the batch gathered so far, then the cursor. */
void log_store_flush(struct log_store *st);

/* Writes the batch, fsyncs the segment, writes the cursor durably. */
void log_store_sync(struct log_store *st);

/* Syncs and closes everything. */
void log_store_close(struct log_store *st);

#endif
