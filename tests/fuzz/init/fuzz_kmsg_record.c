/*
 * libFuzzer: nodelog's reading of a /dev/kmsg record and both of its outputs
 * (init/nodelog/kmsg_record.c, log_line.c, syslog_format.c). Any process on the node can write
 * to /dev/kmsg. Input: a byte with the host name's length, one with the version's, those two,
 * then the record, copied to a buffer of exactly its size so ASan sees any read past it. What
 * is accepted must hold what the parser promises; the disk line and the syslog message must
 * stay within their buffers, be printable ASCII, and have header fields that are PRINTUSASCII
 * without spaces; the TCP frame's count must be the message's length.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz_assert.h"
#include "kmsg_record.h"
#include "log_line.h"
#include "syslog_format.h"

static int printable(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

/* The 5 header fields after "<PRI>1 ": each 1..max bytes of 33..126, then one space. */
static void check_header(const char *m, size_t n)
{
	static const size_t max[5] = { 1, SYSLOG_HOSTNAME_MAX, SYSLOG_APP_NAME_MAX, SYSLOG_PROCID_MAX, 1 };
	size_t pos = 1, f;
	unsigned pri = 0;

	FUZZ_ASSERT(n > 4 && m[0] == '<');
	while (pos < n && m[pos] >= '0' && m[pos] <= '9')
		pri = pri * 10 + (unsigned)(m[pos++] - '0');
	FUZZ_ASSERT(pos > 1 && pos <= 4 && pri <= 191 && pos + 3 <= n && memcmp(m + pos, ">1 ", 3) == 0);
	pos += 3;
	for (f = 0; f < 5; f++) {
		size_t start = pos;

		while (pos < n && m[pos] != ' ') {
			FUZZ_ASSERT((unsigned char)m[pos] >= 33 && (unsigned char)m[pos] <= 126);
			pos++;
		}
		FUZZ_ASSERT(pos > start && pos - start <= max[f] && pos < n);
		pos++;
	}
	FUZZ_ASSERT(memcmp(m, "<", 1) == 0 && m[pos] == '[');
}

static void forward(const struct syslog_origin *o, const struct kmsg_record *r, const struct kmsg_tag *t)
{
	static char msg[SYSLOG_TCP_MAX + 1], frame[SYSLOG_FRAME_MAX + 1];
	char app[SYSLOG_APP_NAME_MAX + 1], pid[KMSG_PID_MAX + 1] = "";
	struct syslog_msg m = { r->facility, r->level, app, pid, 1, r->seq, r->ts_usec, t->text, t->text_len };
	size_t n, fn;
	char digits[24];

	if (t->tag != NULL)
		snprintf(app, sizeof app, "%.*s", (int)t->tag_len, t->tag);
	else
		snprintf(app, sizeof app, "%s", r->facility == 0 ? "kernel" : log_facility_name(r->facility));
	if (t->pid != NULL)
		snprintf(pid, sizeof pid, "%.*s", (int)t->pid_len, t->pid);

	n = syslog_format(msg, SYSLOG_UDP_MAX, o, &m);
	FUZZ_ASSERT(n > 0 && n <= SYSLOG_UDP_MAX && printable(msg, n));
	check_header(msg, n);

	n = syslog_format(msg, SYSLOG_TCP_MAX, o, &m);
	FUZZ_ASSERT(n > 0 && n <= SYSLOG_TCP_MAX && printable(msg, n));
	check_header(msg, n);
	fn = syslog_frame(frame, SYSLOG_FRAME_MAX, msg, n);
	snprintf(digits, sizeof digits, "%zu ", n);
	FUZZ_ASSERT(fn == strlen(digits) + n && memcmp(frame, digits, strlen(digits)) == 0 &&
		    memcmp(frame + strlen(digits), msg, n) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct syslog_origin o;
	struct kmsg_record r;
	struct kmsg_tag t;
	static char line[LOG_LINE_MAX + 1];
	size_t host_len, ver_len, len;
	char *buf;

	if (size < 2)
		return 0;
	host_len = data[0];
	ver_len = data[1] % (SYSLOG_SW_VERSION_MAX + 8);
	if (size < 2 + host_len + ver_len)
		return 0;
	/* the version's bytes as they come (NUL ends it), the host name through its sanitiser */
	syslog_field(o.hostname, SYSLOG_HOSTNAME_MAX, (const char *)data + 2, host_len);
	FUZZ_ASSERT(strlen(o.hostname) >= 1 && strlen(o.hostname) <= SYSLOG_HOSTNAME_MAX);
	snprintf(o.sw_version, sizeof o.sw_version, "%.*s", (int)ver_len, (const char *)data + 2 + host_len);
	data += 2 + host_len + ver_len;
	size -= 2 + host_len + ver_len;

	buf = malloc(size ? size : 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	if (kmsg_record_parse(buf, size, &r) != 0) {
		free(buf);
		return 0;
	}
	FUZZ_ASSERT(r.facility <= KMSG_FACILITY_MAX && r.level <= 7);
	FUZZ_ASSERT(r.msg >= buf && r.msg + r.msg_len < buf + size && r.msg[r.msg_len] == '\n' &&
		    memchr(r.msg, '\n', r.msg_len) == NULL);

	if (kmsg_tag_split(r.msg, r.msg_len, &t)) {
		FUZZ_ASSERT(t.tag == r.msg && t.tag_len >= 1 && t.tag_len <= KMSG_TAG_MAX);
		FUZZ_ASSERT(t.pid == NULL || (t.pid_len >= 1 && t.pid_len <= KMSG_PID_MAX));
		FUZZ_ASSERT(t.text >= r.msg && t.text + t.text_len == r.msg + r.msg_len);
	} else {
		FUZZ_ASSERT(t.tag == NULL && t.text == r.msg && t.text_len == r.msg_len);
	}

	len = log_line_format(line, LOG_LINE_MAX, (int64_t)(r.seq ^ r.ts_usec), r.ts_usec, r.facility,
			      r.level, r.msg, r.msg_len);
	FUZZ_ASSERT(len > 0 && len <= LOG_LINE_MAX && line[len - 1] == '\n' && printable(line, len - 1));

	forward(&o, &r, &t);
	free(buf);
	return 0;
}
