/* The receiver's state, apart from its socket: which transfers are being assembled, which were
 * finished, what was dropped and why. The program feeds it datagrams (diode_rx_packet) and clock
 * ticks (diode_rx_tick); unit tests and the fuzzer feed it the same way. */
#ifndef DIODE_RX_H
#define DIODE_RX_H

#include <stdint.h>
#include <stdio.h>

#include "diode_key.h"
#include "diode_xfer.h"

#define DIODE_XFERS_MAX 2      /* transfers assembled at once */
#define DIODE_DONE_MAX 16      /* finished transfers remembered, so a carousel does not redeliver */
#define DIODE_REPORT_SECONDS 5 /* at most one drop report and one progress line per transfer this often */

enum diode_drop {
	DIODE_DROP_MALFORMED, /* fails the parser's bounds */
	DIODE_DROP_TAG,       /* forged or corrupted: the keyed tag does not verify */
	DIODE_DROP_CONFLICT,  /* authentic, but contradicts the transfer's earlier packets */
	DIODE_DROP_BUSY,      /* a new transfer while every slot is busy and none is stalled */
	DIODE_DROP_KINDS
};

struct diode_done {
	uint64_t id;
	uint8_t hash[DIODE_HASH_BYTES];
	int used;
};

struct diode_rx {
	struct diode_key key;
	int dirfd;
	uint64_t max_size;
	double stall_seconds;            /* a transfer without a new symbol this long may be replaced */
	FILE *log;                       /* NULL: silent (fuzzer) */
	struct diode_xfer xfer[DIODE_XFERS_MAX];
	int active[DIODE_XFERS_MAX];
	struct diode_done done[DIODE_DONE_MAX];
	unsigned done_next;
	uint64_t received, used, dup, after_done, delivered, failed;
	uint64_t drops[DIODE_DROP_KINDS];
	uint64_t drops_total, drops_reported;
	double drop_report_t;
	int drop_reported_once;
	char drop_last[DIODE_ERR_MAX + 64];
};

/* dirfd is the open inbox; rx keeps it. */
void diode_rx_init(struct diode_rx *rx, const struct diode_key *key, int dirfd, uint64_t max_size,
		   double stall_seconds, FILE *log);

/* One datagram from `from` (text for messages) at monotonic time now (seconds). */
void diode_rx_packet(struct diode_rx *rx, const uint8_t *buf, size_t len, const char *from, double now);

/* Progress lines and pending drop reports that are due. */
void diode_rx_tick(struct diode_rx *rx, double now);

/* Removes every part file (SIGTERM) and prints the totals. */
void diode_rx_close(struct diode_rx *rx, const char *why);

/* "received=N used=N duplicate=N ... " into buf. */
void diode_rx_counts(const struct diode_rx *rx, char *buf, size_t cap);

#endif
