#include <stdio.h>
#include <string.h>

#include "log_line.h"
#include "syslog_format.h"

void syslog_field(char *out, size_t max, const char *in, size_t in_len)
{
	size_t i, n = in_len < max ? in_len : max;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		out[i] = c >= 33 && c <= 126 ? (char)c : '_';
	}
	if (n == 0)
		out[n++] = '-';
	out[n] = '\0';
}

size_t syslog_param_escape(char *out, size_t cap, const char *in)
{
	size_t o = 0;

	for (; *in != '\0'; in++) {
		if (*in == '"' || *in == '\\' || *in == ']') {
			if (o + 1 >= cap)
				return 0;
			out[o++] = '\\';
		}
		if (o + 1 >= cap)
			return 0;
		out[o++] = *in;
	}
	if (cap == 0)
		return 0;
	out[o] = '\0';
	return o;
}

uint64_t syslog_sequence_id(uint64_t seq)
{
	return seq % SYSLOG_SEQUENCE_ID_MAX + 1;
}

size_t syslog_format(char *out, size_t cap, const struct syslog_origin *o, const struct syslog_msg *m)
{
	char host[SYSLOG_HOSTNAME_MAX + 1], app[SYSLOG_APP_NAME_MAX + 1], procid[SYSLOG_PROCID_MAX + 1];
	char seqid[48] = "", version[2 * SYSLOG_SW_VERSION_MAX + 1], swv[2 * SYSLOG_SW_VERSION_MAX + 16] = "";
	size_t len, used;
	int n;

	if (cap < SYSLOG_HEADER_MAX + 1 || m->facility > 23 || m->level > 7)
		return 0;
	syslog_field(host, SYSLOG_HOSTNAME_MAX, o->hostname, strlen(o->hostname));
	syslog_field(app, SYSLOG_APP_NAME_MAX, m->app_name ? m->app_name : "",
		     m->app_name ? strlen(m->app_name) : 0);
	syslog_field(procid, SYSLOG_PROCID_MAX, m->procid ? m->procid : "",
		     m->procid ? strlen(m->procid) : 0);
	if (m->has_seq)
		snprintf(seqid, sizeof seqid, "sequenceId=\"%llu\" ",
			 (unsigned long long)syslog_sequence_id(m->seq));
	if (o->sw_version[0] != '\0') {
		char v[SYSLOG_SW_VERSION_MAX + 1];

		/* the version as PRINTUSASCII too: a space in it would still be legal, but never useful */
		syslog_field(v, SYSLOG_SW_VERSION_MAX, o->sw_version, strlen(o->sw_version));
		if (syslog_param_escape(version, sizeof version, v) > 0)
			snprintf(swv, sizeof swv, " swVersion=\"%s\"", version);
	}
	/*
	 * TIMESTAMP is the NILVALUE: early in boot the node's clock is not set yet (nodetime sets it
	 * once the network is up), and a wrong time is worse than none; the log host stamps each
	 * message on receipt, and sysUpTime orders the node's own records. sysUpTime is SNMP's
	 * TimeTicks (RFC 3418): hundredths of a second in 32 bits, wrapping after 497 days.
	 */
	n = snprintf(out, cap, "<%u>1 - %s %s %s - [meta %ssysUpTime=\"%llu\"][origin software=\"node\"%s] ",
		     m->facility * 8 + m->level, host, app, procid, seqid,
		     (unsigned long long)((m->uptime_usec / 10000) % 4294967296ULL), swv);
	if (n < 0 || (size_t)n >= cap)
		return 0;
	len = (size_t)n;
	len += log_escape(out + len, cap - len, m->text, m->text_len, &used);
	return len;
}

size_t syslog_frame(char *out, size_t cap, const char *msg, size_t len)
{
	int n = snprintf(out, cap, "%zu ", len);

	if (n < 0 || (size_t)n >= cap || cap - (size_t)n < len)
		return 0;
	memcpy(out + n, msg, len);
	return (size_t)n + len;
}
