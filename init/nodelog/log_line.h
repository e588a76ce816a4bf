/*
 * One line of the on-disk log, e.g.
 *
 *     2026-11-23T15:36:28.123456Z 12.345678 user.info ntp[230]: nodetime: clock stepped ...
 *
 * the wall-clock time (UTC, microseconds), the record's own time since boot, facility.level by
 * name, and the message as the kernel gave it. Pure; only printable ASCII and the final '\n'
 * come out, whatever the message holds.
 */
#ifndef NODELOG_LOG_LINE_H
#define NODELOG_LOG_LINE_H

#include <stddef.h>
#include <stdint.h>

#define LOG_LINE_MSG_MAX 1024	/* message bytes kept on disk; the kernel's records fit */
/* "YYYY-MM-DDTHH:MM:SS.uuuuuuZ " 28 + uptime 21 + "authpriv.warning " 17 + message + " [cut N
   bytes]" + '\n': a line is never longer, so a segment of 4 KiB (--size 64k) holds several */
#define LOG_LINE_MAX 1200
#define LOG_WALL_NONE INT64_MIN	/* no wall-clock time: printed as "-" */

/* The names syslog gives them; "?" for a number out of range. */
const char *log_facility_name(unsigned facility);
const char *log_level_name(unsigned level);

/*
 * Writes the line for a record to out (cap >= LOG_LINE_MAX) and returns its length.
 * wall_usec: microseconds since the Unix epoch, or LOG_WALL_NONE; ts_usec: since boot. A byte
 * of msg outside printable ASCII is written as \xNN (the kernel already does this, so it only
 * happens with a kernel that stops doing it); a message longer than LOG_LINE_MSG_MAX once
 * escaped is cut there and the line says how many bytes were cut. 0 if cap is too small.
 */
size_t log_line_format(char *out, size_t cap, int64_t wall_usec, uint64_t ts_usec,
		       unsigned facility, unsigned level, const char *msg, size_t msg_len);

/*
 * Copies msg to out as printable ASCII, each other byte as \xNN, never splitting an escape;
 * at most cap bytes. Returns the bytes written; *used is how many of msg's bytes they hold.
 * Shared with the syslog formatter.
 */
size_t log_escape(char *out, size_t cap, const char *msg, size_t msg_len, size_t *used);

#endif
