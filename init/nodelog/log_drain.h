/*
 * The disk side: records read from its own fd on /dev/kmsg, each as a line in the store.
 * Records an earlier run of this boot wrote are skipped; records the ring overwrote before
 * they were read, and records that do not parse, are said in a line of nodelog's own (in the
 * log, not on stderr: stderr goes back into the ring).
 */
#ifndef NODELOG_LOG_DRAIN_H
#define NODELOG_LOG_DRAIN_H

#include <stdint.h>

#include "kmsg_record.h"
#include "kmsg_seq.h"
#include "log_line.h"
#include "log_store.h"

struct log_drain {
	int fd;			/* non-blocking */
	struct kmsg_seq seq;
	uint64_t records;	/* written (or dropped by the store) this run */
	char rec[KMSG_READ_MAX];
	char line[LOG_LINE_MAX];
};

void log_drain_init(struct log_drain *d, int fd, int resume, uint64_t done);

/*
 * Reads up to max records into the store, then flushes its batch. 1 when the ring was read to
 * its end, 0 when max records came first, -1 with errno when a read failed otherwise.
 */
int log_drain(struct log_drain *d, struct log_store *st, unsigned max) __attribute__((warn_unused_result));

#endif
