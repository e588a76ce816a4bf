#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../fileio.h"
#include "log_clock.h"
#include "log_name.h"
#include "log_scan.h"
#include "log_size.h"
#include "log_store.h"

#define FACILITY_SYSLOG 5	/* RFC 5424: "messages generated internally by syslogd" */
#define LEVEL_INFO 6
#define CREATE_RETRY_USEC 1000000	/* a segment that could not be created: try again after 1 s */
#define PRUNE_STEPS_MAX 4096		/* deletions per rotation: far more files than ever exist */

static void report(struct log_store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(struct log_store *st, const char *fmt, ...)
{
	char msg[LOG_REPORT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	st->report(msg);
}

/* A writing failure starts (or continues) an episode: reported once, then records counted. */
static void failing(struct log_store *st, const char *what, const char *name, int err, uint64_t records)
{
	if (!st->failing && !st->opening)
		report(st, "FAIL %s %s/%s: %s; dropping records until it can write again", what, st->dir,
		       name, strerror(err));
	st->failing = 1;
	st->dropped += records;
}

static void segment_name(const struct log_store *st, char name[LOG_NAME_MAX])
{
	log_name_format(name, st->boot, st->seg);
}

/* After every batch the cursor follows (durable: fsynced before its rename). */
static void cursor_update(struct log_store *st, int durable)
{
	struct log_cursor c;

	if (!st->have_seq || (st->cursor_written && st->cursor_seq == st->seq &&
				(st->cursor_durable || !durable)))
		return;
	memcpy(c.boot_id, st->info.boot_id, sizeof c.boot_id);
	c.boot = st->boot;
	c.seq = st->seq;
	if (log_cursor_write(st->dirfd, &c, durable) != 0) {
		/* while writes fail the disk is full or broken: that was said already */
		if (!st->cursor_failing && !st->failing)
			report(st, "FAIL write %s/%s: %s; a restart in this boot may write records twice",
			       st->dir, LOG_CURSOR_NAME, strerror(errno));
		st->cursor_failing = 1;
		return;
	}
	st->cursor_failing = 0;
	st->cursor_written = 1;
	st->cursor_seq = c.seq;
	st->cursor_durable = durable;
}

static void batch_write(struct log_store *st)
{
	char name[LOG_NAME_MAX];

	if (st->batch_len == 0)
		return;
	if (st->fd < 0) {
		/* records were taken while no segment could be created */
		st->dropped += st->batch_records;
	} else if (fd_write_all(st->fd, st->batch, st->batch_len) != 0) {
		int err = errno;
		struct stat sb;

		/* a file only ever holds whole lines: undo what part of the batch got through */
		if (ftruncate(st->fd, (off_t)st->seg_bytes) != 0 && fstat(st->fd, &sb) == 0)
			st->seg_bytes = (uint64_t)sb.st_size;
		segment_name(st, name);
		failing(st, "write", name, err, st->batch_records);
	} else {
		st->seg_bytes += st->batch_len;
		st->unsynced = 1;
		if (st->failing && !st->opening)
			report(st, "wrote again after %llu records were dropped",
			       (unsigned long long)st->dropped);
		st->failing = 0;
		st->dropped = 0;
	}
	st->batch_len = 0;
	st->batch_records = 0;
}

static void segment_sync(struct log_store *st)
{
	char name[LOG_NAME_MAX];

	if (st->fd < 0 || !st->unsynced)
		return;
	if (fsync(st->fd) != 0) {
		segment_name(st, name);
		if (!st->sync_failing)
			report(st, "FAIL fsync %s/%s: %s; what was written since the last fsync may be lost",
			       st->dir, name, strerror(errno));
		st->sync_failing = 1;
		return;
	}
	st->sync_failing = 0;
	st->unsynced = 0;
}

static void dir_sync(struct log_store *st)
{
	if (fsync(st->dirfd) != 0 && !st->sync_failing) {
		report(st, "FAIL fsync %s: %s; a file created or deleted just now may not be on disk yet",
		       st->dir, strerror(errno));
		st->sync_failing = 1;
	}
}

static void prune_failed(struct log_store *st, const char *what, int err)
{
	if (!st->prune_failing)
		report(st, "FAIL %s in %s: %s; the log may grow past its size", what, st->dir,
		       strerror(err));
	st->prune_failing = 1;
}

/*
 * Makes room for a new segment of the current boot and deletes the earlier boots the budget
 * has no room for. On return *s describes what is left (0), or -1 if the directory could not
 * be read or a file not deleted (reported).
 */
static int prune(struct log_store *st, struct log_scan *s)
{
	unsigned step;
	char bytes[32], total[32];

	for (step = 0; step < PRUNE_STEPS_MAX; step++) {
		int64_t gone;

		if (log_scan(st->dirfd, st->boot, s) != 0) {
			prune_failed(st, "reading the directory", errno);
			return -1;
		}
		if (s->cur_files > 0 && (s->cur_files >= LOG_SEGMENTS_PER_BOOT ||
					 s->cur_bytes + st->seg_cap > st->boot_cap)) {
			/* the oldest but segment 0; segment 0 itself only when --size shrank under it */
			gone = log_scan_remove(st->dirfd, st->boot, s->has_middle ? (long)s->min_middle : 0);
			if (gone < 0) {
				prune_failed(st, "deleting an old segment of this boot", errno);
				return -1;
			}
			continue;
		}
		if (s->earlier_boots > 0 &&
		    (s->earlier_boots > LOG_EARLIER_BOOTS_MAX || s->earlier_many ||
		     s->earlier_bytes + st->boot_cap > st->total_cap)) {
			gone = log_scan_remove(st->dirfd, s->oldest, -1);
			if (gone < 0) {
				prune_failed(st, "deleting an earlier boot", errno);
				return -1;
			}
			log_size_text(bytes, sizeof bytes, (uint64_t)gone);
			log_size_text(total, sizeof total, st->total_cap);
			report(st, "deleted the log of boot %u (%s) to keep %s within %s and %d earlier boots",
			       s->oldest, bytes, st->dir, total, LOG_EARLIER_BOOTS_MAX);
			continue;
		}
		st->prune_failing = 0;
		return 0;
	}
	prune_failed(st, "deleting old logs", ELOOP);
	return -1;
}

/*
 * The first line of every segment: which boot and segment, what booted, what went before.
 * s is what prune left, NULL if it could not tell.
 */
static void segment_header(struct log_store *st, const struct log_scan *s, int first_of_run)
{
	char text[LOG_LINE_MSG_MAX], gone[64] = "", restart[80] = "";
	unsigned hi;

	if (first_of_run && st->resumed)
		snprintf(restart, sizeof restart, "; nodelog restarted, continuing after record %llu",
			 (unsigned long long)st->resume_seq);
	/* segments go from the bottom up: what is missing is 1 up to the oldest left (or all) */
	hi = s != NULL && s->has_middle ? s->min_middle - 1 : st->seg - 1;
	if (s == NULL || st->seg < 2)
		;
	else if (hi == 1)
		snprintf(gone, sizeof gone, "; segment 1 was rotated out");
	else if (hi > 1)
		snprintf(gone, sizeof gone, "; segments 1-%u were rotated out", hi);
	snprintf(text, sizeof text, "boot %u segment %u; version %s on slot %c, %s; host %s; kernel boot_id %s%s%s",
		 st->boot, st->seg, st->info.version[0] ? st->info.version : "unknown", st->info.slot,
		 st->info.trial == 1 ? "trial boot" : st->info.trial == 0 ? "blessed boot" : "trial unknown",
		 st->info.host[0] ? st->info.host : "-", st->info.boot_id, restart, gone);
	log_store_note(st, LEVEL_INFO, "%s", text);
}

/* Closes the open segment (if any), prunes, creates the next one with its header line. */
static void segment_new(struct log_store *st, int first_of_run)
{
	struct log_scan s;
	char name[LOG_NAME_MAX];
	unsigned tries;
	int pruned, err = ERANGE;

	if (st->fd >= 0) {
		batch_write(st);
		segment_sync(st);
		cursor_update(st, 1);
		if (close(st->fd) != 0 && !st->failing) {
			segment_name(st, name);
			failing(st, "close", name, errno, 0);
		}
		st->fd = -1;
	}
	st->retry_at_usec = log_clock_uptime_usec() + CREATE_RETRY_USEC;
	pruned = prune(st, &s) == 0;
	log_name_format(name, st->boot, st->next_seg);
	/* a number already taken (a file put there by hand) is skipped, a few times at most */
	for (tries = 0; tries < 16 && st->next_seg <= LOG_NUMBER_MAX; tries++) {
		log_name_format(name, st->boot, st->next_seg);
		st->fd = openat(st->dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC,
				0640);
		err = errno;
		if (st->fd >= 0 || err != EEXIST)
			break;
		st->next_seg++;
	}
	if (st->fd < 0) {
		st->create_errno = err;
		failing(st, "create", name, err, 0);
		return;
	}
	st->seg = st->next_seg++;
	st->seg_bytes = 0;
	dir_sync(st);
	segment_header(st, pruned ? &s : NULL, first_of_run);
	batch_write(st);
}

static void append(struct log_store *st, const char *line, size_t len, int is_record)
{
	if (st->fd < 0 && log_clock_uptime_usec() >= st->retry_at_usec)
		segment_new(st, 0);
	if (st->fd >= 0 && st->seg_bytes + st->batch_len + len > st->seg_cap)
		segment_new(st, 0);
	if (st->batch_len + len > sizeof st->batch)
		batch_write(st);
	if (st->fd < 0) {
		/* counted now: no segment to gather the line for */
		if (is_record) {
			st->dropped++;
		}
		return;
	}
	if (len > sizeof st->batch)
		return;	/* log_line_format never makes one */
	memcpy(st->batch + st->batch_len, line, len);
	st->batch_len += len;
	st->batch_records += is_record ? 1 : 0;
}

int log_store_open(struct log_store *st, const char *dir, uint64_t total,
		   const struct log_boot_info *info, log_report_fn *report_fn, char *why, size_t whycap)
{
	struct log_cursor c;
	struct log_scan s;
	int have_cursor;

	memset(st, 0, sizeof *st);
	st->fd = -1;
	if (strlen(dir) >= sizeof st->dir || total < LOG_SIZE_MIN || total > LOG_SIZE_MAX) {
		snprintf(why, whycap, "%s: directory name longer than %zu bytes or size out of range",
			 dir, sizeof st->dir - 1);
		st->dirfd = -1;
		return -1;
	}
	memcpy(st->dir, dir, strlen(dir) + 1);
	st->total_cap = total;
	st->boot_cap = total / 2;
	st->seg_cap = total / 16;
	st->info = *info;
	st->report = report_fn;
	st->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (st->dirfd < 0) {
		snprintf(why, whycap, "open %s: %s", dir, strerror(errno));
		return -1;
	}
	/* one writer per directory: a second nodelog (run by hand, say) would race the cursor and
	   the budget; the lock goes with the fd, so a killed nodelog never leaves it behind */
	if (flock(st->dirfd, LOCK_EX | LOCK_NB) != 0) {
		snprintf(why, whycap, "lock %s: %s", dir,
			 errno == EWOULDBLOCK ? "another nodelog is writing there" : strerror(errno));
		goto fail;
	}
	have_cursor = log_cursor_read(st->dirfd, &c);
	if (have_cursor < 0) {
		snprintf(why, whycap, "read %s/%s: %s", dir, LOG_CURSOR_NAME, strerror(errno));
		goto fail;
	}
	if (log_scan(st->dirfd, 0, &s) != 0) {
		snprintf(why, whycap, "read directory %s: %s", dir, strerror(errno));
		goto fail;
	}
	if (have_cursor && strcmp(c.boot_id, info->boot_id) == 0) {
		st->boot = c.boot;
		st->resumed = 1;
		st->resume_seq = st->seq = c.seq;
		st->have_seq = 1;
		if (log_scan(st->dirfd, st->boot, &s) != 0) {
			snprintf(why, whycap, "read directory %s: %s", dir, strerror(errno));
			goto fail;
		}
		st->next_seg = s.has_seg ? s.max_seg + 1 : 0;
	} else {
		/* the cursor's number too: its boot's files may all have been deleted since */
		st->boot = (have_cursor && c.boot > s.max_boot ? c.boot : s.max_boot) + 1;
		if (st->boot > LOG_NUMBER_MAX) {
			snprintf(why, whycap, "%s: boot numbers used up (%u)", dir, LOG_NUMBER_MAX);
			goto fail;
		}
	}
	st->opening = 1;
	segment_new(st, 1);
	st->opening = 0;
	if (st->fd < 0) {
		char name[LOG_NAME_MAX];

		log_name_format(name, st->boot, st->next_seg);
		snprintf(why, whycap, "create %s/%s: %s", dir, name, strerror(st->create_errno));
		goto fail;
	}
	return 0;
fail:
	(void)close(st->dirfd);
	st->dirfd = -1;
	return -1;
}

void log_store_record(struct log_store *st, const char *line, size_t len, uint64_t seq)
{
	append(st, line, len, 1);
	st->seq = seq;
	st->have_seq = 1;
}

void log_store_skip(struct log_store *st, uint64_t seq)
{
	st->seq = seq;
	st->have_seq = 1;
}

void log_store_note(struct log_store *st, unsigned level, const char *fmt, ...)
{
	char text[LOG_LINE_MSG_MAX], line[LOG_LINE_MAX];
	int64_t uptime = log_clock_uptime_usec();
	va_list ap;
	int n;
	size_t len;

	memcpy(text, "nodelog: ", 9);
	va_start(ap, fmt);
	n = vsnprintf(text + 9, sizeof text - 9, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	len = 9 + ((size_t)n < sizeof text - 9 ? (size_t)n : sizeof text - 10);
	len = log_line_format(line, sizeof line, log_clock_wall_offset_usec() + uptime,
			      (uint64_t)uptime, FACILITY_SYSLOG, level, text, len);
	if (len > 0)
		append(st, line, len, 0);
}

void log_store_flush(struct log_store *st)
{
	batch_write(st);
	cursor_update(st, 0);
}

void log_store_sync(struct log_store *st)
{
	batch_write(st);
	segment_sync(st);
	cursor_update(st, 1);
}

void log_store_close(struct log_store *st)
{
	log_store_sync(st);
	if (st->fd >= 0 && close(st->fd) != 0 && !st->failing) {
		char name[LOG_NAME_MAX];

		segment_name(st, name);
		report(st, "FAIL close %s/%s: %s", st->dir, name, strerror(errno));
	}
	st->fd = -1;
	if (st->dirfd >= 0)
		(void)close(st->dirfd);	/* a directory opened read-only: nothing to lose */
	st->dirfd = -1;
}
