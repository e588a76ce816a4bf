#include <errno.h>
#include <unistd.h>

#include "log_clock.h"
#include "log_drain.h"

#define LEVEL_WARNING 4

/* The record's wall-clock time, or none when it would not fit (a hostile or broken stamp). */
static int64_t wall_of(int64_t offset, uint64_t ts_usec)
{
	if (ts_usec > (uint64_t)INT64_MAX || (offset > 0 && (int64_t)ts_usec > INT64_MAX - offset))
		return LOG_WALL_NONE;
	return offset + (int64_t)ts_usec;
}

void log_drain_init(struct log_drain *d, int fd, int resume, uint64_t done)
{
	d->fd = fd;
	d->records = 0;
	kmsg_seq_init(&d->seq, resume, done);
}

int log_drain(struct log_drain *d, struct log_store *st, unsigned max)
{
	/* one reading of the clocks per batch: lines of a batch share it (log_clock.h says why
	   this is approximate anyway) */
	int64_t offset = log_clock_wall_offset_usec();
	uint64_t unparsed = 0;
	unsigned n;
	int rc = 0, err = 0;

	for (n = 0; n < max;) {
		struct kmsg_record r;
		uint64_t lost;
		ssize_t got = read(d->fd, d->rec, sizeof d->rec);
		size_t len;

		if (got < 0 && (errno == EINTR || errno == EPIPE))
			continue;	/* EPIPE: the next read is the oldest record left; the gap says how many */
		if (got < 0 && errno == EAGAIN) {
			rc = 1;
			break;
		}
		if (got < 0) {
			err = errno;
			rc = -1;
			break;
		}
		if (got == 0) {
			rc = 1;
			break;
		}
		n++;
		if (kmsg_record_parse(d->rec, (size_t)got, &r) != 0) {
			kmsg_seq_skip_unparsed(&d->seq);
			unparsed++;
			continue;
		}
		if (!kmsg_seq_take(&d->seq, r.seq, &lost)) {
			log_store_skip(st, r.seq);
			continue;
		}
		if (lost > 0)
			log_store_note(st, LEVEL_WARNING,
				       "%llu records lost: the kernel's log ring overwrote them before they were written",
				       (unsigned long long)lost);
		len = log_line_format(d->line, sizeof d->line, wall_of(offset, r.ts_usec), r.ts_usec,
				      r.facility, r.level, r.msg, r.msg_len);
		log_store_record(st, d->line, len, r.seq);
		d->records++;
	}
	if (unparsed > 0)
		log_store_note(st, LEVEL_WARNING,
			       "%llu records read from the kernel's log ring did not parse and were skipped",
			       (unsigned long long)unparsed);
	log_store_flush(st);
	if (rc < 0)
		errno = err;
	return rc;
}
