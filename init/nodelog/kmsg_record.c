#include <string.h>

#include "kmsg_record.h"

/* A decimal number of 1..maxdigits digits at buf[*pos], up to end; advances *pos. 0 or -1. */
static int number(const char *buf, size_t end, size_t *pos, unsigned maxdigits, uint64_t *out)
{
	size_t start = *pos;
	uint64_t v = 0;

	while (*pos < end && buf[*pos] >= '0' && buf[*pos] <= '9') {
		unsigned d = (unsigned)(buf[*pos] - '0');

		if (*pos - start >= maxdigits || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
		(*pos)++;
	}
	if (*pos == start)
		return -1;
	*out = v;
	return 0;
}

/* The FLAGS field and any later ones: printable bytes other than ';' up to the ';'. */
static int fields_tail(const char *buf, size_t end, size_t *pos)
{
	size_t start = *pos;

	while (*pos < end && buf[*pos] != ';') {
		unsigned char c = (unsigned char)buf[*pos];

		if (c < 0x20 || c > 0x7e)
			return -1;
		(*pos)++;
	}
	/* FLAGS itself must not be empty: "6,1,2,;" is not a record */
	return *pos < end && *pos > start && buf[start] != ',' ? 0 : -1;
}

int kmsg_record_parse(const char *buf, size_t len, struct kmsg_record *out)
{
	size_t pos = 0, prefix_end = len < KMSG_PREFIX_MAX ? len : KMSG_PREFIX_MAX;
	uint64_t pri, seq, ts;
	const char *nl;

	if (len == 0 || len > KMSG_READ_MAX)
		return -1;
	if (number(buf, prefix_end, &pos, 4, &pri) != 0 || pri / 8 > KMSG_FACILITY_MAX ||
	    pos >= prefix_end || buf[pos++] != ',')
		return -1;
	if (number(buf, prefix_end, &pos, 20, &seq) != 0 || pos >= prefix_end || buf[pos++] != ',')
		return -1;
	if (number(buf, prefix_end, &pos, 20, &ts) != 0 || pos >= prefix_end || buf[pos++] != ',')
		return -1;
	if (fields_tail(buf, prefix_end, &pos) != 0)
		return -1;
	pos++;	/* the ';' */
	nl = memchr(buf + pos, '\n', len - pos);
	if (nl == NULL)
		return -1;
	out->facility = (unsigned)(pri / 8);
	out->level = (unsigned)(pri % 8);
	out->seq = seq;
	out->ts_usec = ts;
	out->msg = buf + pos;
	out->msg_len = (size_t)(nl - (buf + pos));
	/* continuation lines: " KEY=value\n" each */
	pos = (size_t)(nl - buf) + 1;
	while (pos < len) {
		if (buf[pos] != ' ')
			return -1;
		nl = memchr(buf + pos, '\n', len - pos);
		if (nl == NULL)
			return -1;
		pos = (size_t)(nl - buf) + 1;
	}
	return 0;
}

static int tag_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

int kmsg_tag_split(const char *msg, size_t len, struct kmsg_tag *out)
{
	size_t n = 0, pid_start = 0, pid_len = 0, pos;

	memset(out, 0, sizeof *out);
	out->text = msg;
	out->text_len = len;
	while (n < len && n <= KMSG_TAG_MAX && tag_char(msg[n]))
		n++;
	if (n == 0 || n > KMSG_TAG_MAX)
		return 0;
	pos = n;
	if (pos < len && msg[pos] == '[') {
		pid_start = ++pos;
		while (pos < len && pos - pid_start <= KMSG_PID_MAX && msg[pos] >= '0' && msg[pos] <= '9')
			pos++;
		pid_len = pos - pid_start;
		if (pid_len == 0 || pid_len > KMSG_PID_MAX || pos >= len || msg[pos] != ']')
			return 0;
		pos++;
	}
	if (pos >= len || msg[pos] != ':')
		return 0;
	pos++;
	if (pos < len && msg[pos] != ' ')
		return 0;
	if (pos < len)
		pos++;
	out->tag = msg;
	out->tag_len = n;
	if (pid_len > 0) {
		out->pid = msg + pid_start;
		out->pid_len = pid_len;
	}
	out->text = msg + pos;
	out->text_len = len - pos;
	return 1;
}
