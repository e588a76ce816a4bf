/*
 * DIR/cursor: how far the log of this boot got, so that a nodelog restarted within the same
 * boot (it is supervised: it may crash or be killed) continues that boot's log where it stopped
 * instead of starting a new boot or writing the ring's records twice.
 *
 *     boot_id 7c1f0d8e-...\nboot 12\nseq 4711\n
 *
 * boot_id is the kernel's for the boot (/proc/sys/kernel/random/boot_id), boot the log's boot
 * number, seq the last kernel record handled (written, or dropped when the disk refused it).
 */
#ifndef NODELOG_LOG_CURSOR_H
#define NODELOG_LOG_CURSOR_H

#include <stddef.h>
#include <stdint.h>

#define LOG_BOOT_ID_LEN 36	/* a UUID in its text form */
#define LOG_CURSOR_MAX 128	/* the file's longest well-formed content */

struct log_cursor {
	char boot_id[LOG_BOOT_ID_LEN + 1];
	unsigned boot;
	uint64_t seq;
};

/* 1 if s[0..len) is a UUID in lower-case text form (as the kernel writes boot_id), else 0. */
int log_boot_id_valid(const char *s, size_t len);

/* 0 with *c, or -1 if buf[0..len) is not exactly the format above. Pure. */
int log_cursor_parse(const char *buf, size_t len, struct log_cursor *c) __attribute__((warn_unused_result));

/* The file's content into out[LOG_CURSOR_MAX]; returns its length. */
size_t log_cursor_format(char out[LOG_CURSOR_MAX], const struct log_cursor *c);

/*
 * Reads DIR/cursor. 1 with *c, 0 if there is none, we may not read it, or it is not well formed
 * (a new boot then starts, which is the safe way to be wrong), -1 with errno on another error.
 */
int log_cursor_read(int dirfd, struct log_cursor *c) __attribute__((warn_unused_result));

/*
 * Writes DIR/.cursor.tmp and renames it onto DIR/cursor; with durable, fsyncs it before the
 * rename. 0, or -1 with errno.
 */
int log_cursor_write(int dirfd, const struct log_cursor *c, int durable) __attribute__((warn_unused_result));

#endif
