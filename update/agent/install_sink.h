/* The sink bundle_verify feeds during an install, in one of two passes:
 *
 *   check  nothing is written: the root image must fit the target partition, and the UKI (once
 *          its sha256 matched) must boot the target slot with the manifest's root hash. A file
 *          bundle goes through this pass first, so a bundle that would be refused never
 *          changes the node.
 *   write  at the root image's begin (signature, product and anti-rollback already passed):
 *          the target slot's boot entries are removed and the directory synced (the slot is
 *          about to stop being complete); then each authenticated block goes to the partition
 *          at its offset in the slot layout, and the partition is synced at the end; the UKI
 *          goes to a hidden temporary file on the ESP, synced once its sha256 matched. */
#ifndef NU_INSTALL_SINK_H
#define NU_INSTALL_SINK_H

#include <stdint.h>

#include "bundle_verify.h"
#include "disk_find.h"
#include "esp.h"
#include "pe_stream.h"
#include "progress.h"
#include "slot_entries.h"

enum sink_mode { SINK_CHECK, SINK_WRITE };

struct install_sink {
	enum sink_mode mode;
	char target;                          /* slot letter */
	const struct block_part *part;        /* the target partition */
	uint64_t part_bytes;
	const struct esp *esp;                /* write pass */
	const struct entry_plan *plan;        /* write pass: step 1, run at the root's begin */
	struct pe_stream *pe;                 /* check pass */
	/* running state */
	enum manifest_payload_index which;
	const struct manifest *m;
	uint64_t root_bytes;
	int slot_fd;
	int uki_fd;
	char uki_tmp[NU_PATH_MAX];            /* the temporary UKI on the ESP, "" when none */
	struct upd_error pe_err;              /* a PE error seen before the UKI was authenticated */
	int pe_failed;
	int root_ok, uki_ok;
	struct progress prog;
	char prog_what[64];
};

/* Sets the callbacks for s (which must outlive the bundle_verify call). */
void install_sink_init(struct install_sink *s, struct bundle_sink *sink);

/* Removes a temporary UKI the write pass left (failure after its end). */
void install_sink_discard(struct install_sink *s);

#endif
