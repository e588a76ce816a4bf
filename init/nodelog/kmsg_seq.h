/*
 * Which records of the kernel's ring a reader keeps, and how many it never saw. Each fd open on
 * /dev/kmsg has its own position; a read returns the next record, or EPIPE once the ring has
 * overwritten records at that position (the next read then returns the oldest one left). The
 * gap is the difference between the record number expected and the one read. Pure.
 */
#ifndef NODELOG_KMSG_SEQ_H
#define NODELOG_KMSG_SEQ_H

#include <stdint.h>

struct kmsg_seq {
	uint64_t next;		/* the record number expected next */
	uint64_t skip_through;	/* records up to this one were handled by an earlier run */
	int skipping;		/* skip_through is set */
};

/*
 * A new boot (records numbered from 0: a first record above 0 means the ring overwrote the
 * earliest ones before we opened it), or a run that continues one which handled every record up
 * to and including `done` (resume set).
 */
void kmsg_seq_init(struct kmsg_seq *s, int resume, uint64_t done);

/*
 * Record number seq was read. Returns 1 if it is to be handled, 0 if an earlier run already
 * did; *lost is the number of records that went by unread just before it.
 */
int kmsg_seq_take(struct kmsg_seq *s, uint64_t seq, uint64_t *lost);

/* A record was read that could not be parsed: it still used up one number. */
void kmsg_seq_skip_unparsed(struct kmsg_seq *s);

#endif
