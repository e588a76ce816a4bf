/*
 * One record of the kernel's log as read(2) on /dev/kmsg returns it
 * (Documentation/ABI/testing/dev-kmsg):
 *
 *     PRI,SEQ,TS_USEC,FLAGS[,MORE...];MESSAGE\n[ KEY=value\n]...
 *
 * Any process on the node may write to /dev/kmsg, so the record is untrusted: both functions here
 * are pure, read nothing outside [buf, buf + len), and never write outside *out.
 */
#ifndef NODELOG_KMSG_RECORD_H
#define NODELOG_KMSG_RECORD_H

#include <stddef.h>
#include <stdint.h>

#define KMSG_READ_MAX 8192	/* the buffer for one read(); the kernel's records are smaller */
#define KMSG_PREFIX_MAX 128	/* PRI,SEQ,TS_USEC,FLAGS...; with room for fields a kernel adds */
#define KMSG_FACILITY_MAX 23	/* local7: the last facility syslog (RFC 5424) can carry */
#define KMSG_FACILITY_KERN 0	/* userspace cannot write facility 0: /dev/kmsg turns it into user */
#define KMSG_TAG_MAX 48		/* RFC 5424's APP-NAME limit */
#define KMSG_PID_MAX 10		/* digits */

struct kmsg_record {
	unsigned facility;	/* 0..KMSG_FACILITY_MAX */
	unsigned level;		/* 0 emerg .. 7 debug */
	uint64_t seq;		/* the kernel's record number, from 0 at boot */
	uint64_t ts_usec;	/* microseconds since boot */
	const char *msg;	/* into the caller's buffer; no '\n' in it; not NUL-terminated */
	size_t msg_len;
};

/*
 * 0 with *out filled, or -1 when buf[0..len) is not one well-formed record: numbers without
 * digits or overflowing, a facility above KMSG_FACILITY_MAX, a prefix longer than KMSG_PREFIX_MAX,
 * no ';', no '\n' after the message, a continuation line that does not start with a space or
 * end with '\n', len above KMSG_READ_MAX. Continuation lines (" KEY=value") are checked for shape
 * and otherwise ignored.
 */
int kmsg_record_parse(const char *buf, size_t len, struct kmsg_record *out)
	__attribute__((warn_unused_result));

/*
 * A message that starts "TAG[PID]: " or "TAG: ", as PID 1 and syslog(3) write them: TAG is 1 to
 * KMSG_TAG_MAX of [A-Za-z0-9._-], PID 1 to KMSG_PID_MAX digits, and the ": " may also be a ':'
 * that ends the message. Pointers go into msg.
 */
struct kmsg_tag {
	const char *tag;	/* NULL when the message has no tag */
	size_t tag_len;
	const char *pid;	/* NULL when there is no [PID] */
	size_t pid_len;
	const char *text;	/* what follows the tag; the whole message without one */
	size_t text_len;
};

/* 1 when msg has a tag, else 0 (then out->text is the whole message). */
int kmsg_tag_split(const char *msg, size_t len, struct kmsg_tag *out);

#endif
