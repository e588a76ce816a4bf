/* One transfer's assembly on disk, in bounded memory whatever the file's size.
 *
 * Source symbols go straight to their offset in the part file INBOX/.diode-<id>.part. Parity
 * symbols of a block that is still incomplete go to a sparse spill area after the file's end in
 * the same part file; when the block has k of its k+m symbols it is decoded (ISA-L), the rebuilt
 * source symbols are written in place and the block's spill area is punched out. Memory is one
 * small record per block (a bitmap of the symbols in hand) plus one block's symbols while it
 * decodes. When every block is complete the file is cut to its size, hashed from disk, fsynced and
 * renamed to INBOX/<name>. */
#ifndef DIODE_XFER_H
#define DIODE_XFER_H

#include <stdint.h>

#include "diode_err.h"
#include "diode_packet.h"

#define DIODE_PART_NAME_MAX 40 /* ".diode-" + 16 hex + ".part" */

struct diode_block {
	uint8_t have[(DIODE_N_MAX + 7) / 8]; /* symbols in hand, by index */
	uint8_t count;                       /* bits set in have */
	uint8_t m;                           /* parity count, fixed by the block's first packet */
	uint8_t m_set;
	uint8_t done;                        /* all k source symbols are in the part file */
};

struct diode_xfer {
	struct diode_layout lay;
	int dirfd;                 /* the inbox (borrowed) */
	int fd;                    /* the part file */
	char part[DIODE_PART_NAME_MAX];
	struct diode_block *blocks;
	uint32_t blocks_done;
	uint64_t spill_base;       /* first byte of the parity spill area */
	uint64_t pkts_received, pkts_used, pkts_dup;
	uint64_t drops_at_start;   /* the receiver's drop count when this transfer started */
	double t_start, t_progress, t_logged;
};

enum diode_add {
	DIODE_ADD_USED,     /* stored: a new symbol of an incomplete block */
	DIODE_ADD_DUP,      /* already had it, or its block is complete */
	DIODE_ADD_COMPLETE, /* stored, and every block is now complete: call diode_xfer_finish */
};

/* Creates the part file in dirfd for the layout of p (replacing a stale one of the same id).
 * x->blocks is allocated; diode_xfer_abort or diode_xfer_finish frees it. */
int diode_xfer_open(struct diode_xfer *x, int dirfd, const struct diode_layout *lay, struct diode_err *err) DIODE_WUR;

/* Stores one parsed, authenticated packet of this transfer. Returns a diode_add, or -1 with err
 * (I/O error, decode failure, or a packet that contradicts the block's earlier ones). */
int diode_xfer_add(struct diode_xfer *x, const struct diode_packet *p, struct diode_err *err) DIODE_WUR;

/* Every block complete: cut, hash, compare with the signed hash, fsync, rename into the inbox,
 * fsync the inbox. On any failure the part file is removed and err says why. Closes x either way. */
int diode_xfer_finish(struct diode_xfer *x, struct diode_err *err) DIODE_WUR;

/* Removes the part file and frees x's memory. */
void diode_xfer_abort(struct diode_xfer *x);

/* 1 if the packet's layout is x's (same size, hash, name, symbol size, kmax). */
int diode_xfer_same_layout(const struct diode_xfer *x, const struct diode_layout *lay);

#endif
