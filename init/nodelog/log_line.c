#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log_line.h"

/* RFC 5424 section 6.2.1's facilities, with the names rsyslog gives 12-15 */
static const char *const facility_names[24] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};

static const char *const level_names[8] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

const char *log_facility_name(unsigned facility)
{
	return facility < 24 ? facility_names[facility] : "?";
}

const char *log_level_name(unsigned level)
{
	return level < 8 ? level_names[level] : "?";
}

size_t log_escape(char *out, size_t cap, const char *msg, size_t msg_len, size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	for (i = 0; i < msg_len; i++) {
		unsigned char c = (unsigned char)msg[i];

		if (c >= 0x20 && c <= 0x7e) {
			if (o + 1 > cap)
				break;
			out[o++] = (char)c;
		} else {
			if (o + 4 > cap)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	*used = i;
	return o;
}

/* "2026-11-23T15:36:28.123456Z", or "-" outside years 0000..9999. Returns the length. */
static size_t wall_format(char *out, size_t cap, int64_t wall_usec)
{
	struct tm tm;
	time_t t;
	int64_t usec;
	int n;

	if (wall_usec == LOG_WALL_NONE || wall_usec < -62167219200000000LL ||
	    wall_usec >= 253402300800000000LL)
		return (size_t)snprintf(out, cap, "-");
	t = (time_t)(wall_usec / 1000000);
	usec = wall_usec % 1000000;
	if (usec < 0) {
		usec += 1000000;
		t--;
	}
	if (gmtime_r(&t, &tm) == NULL)
		return (size_t)snprintf(out, cap, "-");
	n = snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900,
		     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)usec);
	return n > 0 && (size_t)n < cap ? (size_t)n : (size_t)snprintf(out, cap, "-");
}

size_t log_line_format(char *out, size_t cap, int64_t wall_usec, uint64_t ts_usec,
		       unsigned facility, unsigned level, const char *msg, size_t msg_len)
{
	size_t o, used;
	int n;

	if (cap < LOG_LINE_MAX)
		return 0;
	o = wall_format(out, 40, wall_usec);
	n = snprintf(out + o, cap - o, " %llu.%06llu %s.%s ", (unsigned long long)(ts_usec / 1000000),
		     (unsigned long long)(ts_usec % 1000000), log_facility_name(facility),
		     log_level_name(level));
	if (n < 0 || (size_t)n >= cap - o)
		return 0;
	o += (size_t)n;
	o += log_escape(out + o, LOG_LINE_MSG_MAX, msg, msg_len, &used);
	if (used < msg_len) {
		n = snprintf(out + o, cap - o, " [cut %zu bytes]", msg_len - used);
		if (n < 0 || (size_t)n >= cap - o)
			return 0;
		o += (size_t)n;
	}
	out[o++] = '\n';
	return o;
}
