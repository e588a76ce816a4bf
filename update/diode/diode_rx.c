/* Receiver core: authenticate, route to a transfer, assemble, deliver; report in bounded lines. */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <sodium.h>

#include "diode_rx.h"

static void rx_log(struct diode_rx *rx, const char *fmt, ...) DIODE_PRINTF(2, 3);
static void rx_log(struct diode_rx *rx, const char *fmt, ...)
{
	va_list ap;

	if (rx->log == NULL)
		return;
	fputs("diode-recv: ", rx->log);
	va_start(ap, fmt);
	vfprintf(rx->log, fmt, ap);
	va_end(ap);
	fputc('\n', rx->log);
	fflush(rx->log);
}

void diode_rx_init(struct diode_rx *rx, const struct diode_key *key, int dirfd, uint64_t max_size,
		   double stall_seconds, FILE *log)
{
	memset(rx, 0, sizeof *rx);
	rx->key = *key;
	rx->dirfd = dirfd;
	rx->max_size = max_size;
	rx->stall_seconds = stall_seconds;
	rx->log = log;
}

void diode_rx_counts(const struct diode_rx *rx, char *buf, size_t cap)
{
	snprintf(buf, cap,
		 "received=%" PRIu64 " used=%" PRIu64 " duplicate=%" PRIu64 " after-done=%" PRIu64
		 " dropped=%" PRIu64 " (malformed=%" PRIu64 " tag=%" PRIu64 " conflicting=%" PRIu64
		 " busy=%" PRIu64 ") delivered=%" PRIu64 " failed=%" PRIu64,
		 rx->received, rx->used, rx->dup, rx->after_done, rx->drops_total,
		 rx->drops[DIODE_DROP_MALFORMED], rx->drops[DIODE_DROP_TAG], rx->drops[DIODE_DROP_CONFLICT],
		 rx->drops[DIODE_DROP_BUSY], rx->delivered, rx->failed);
}

/* Drops are counted always and reported at most once per DIODE_REPORT_SECONDS: a flood of forged
 * packets must not become a flood of log lines. */
static void rx_drop(struct diode_rx *rx, double now, enum diode_drop kind, const char *fmt, ...)
	DIODE_PRINTF(4, 5);
static void rx_drop(struct diode_rx *rx, double now, enum diode_drop kind, const char *fmt, ...)
{
	va_list ap;

	rx->drops[kind]++;
	rx->drops_total++;
	va_start(ap, fmt);
	vsnprintf(rx->drop_last, sizeof rx->drop_last, fmt, ap);
	va_end(ap);
	if (!rx->drop_reported_once || now - rx->drop_report_t >= DIODE_REPORT_SECONDS) {
		uint64_t more = rx->drops_total - rx->drops_reported - 1;

		if (more > 0)
			rx_log(rx, "%s (and %" PRIu64 " more dropped in the last %.0fs)", rx->drop_last, more,
			       now - rx->drop_report_t);
		else
			rx_log(rx, "%s", rx->drop_last);
		rx->drops_reported = rx->drops_total;
		rx->drop_report_t = now;
		rx->drop_reported_once = 1;
	}
}

static void hex16(char *out, const uint8_t *hash)
{
	sodium_bin2hex(out, 17, hash, 8);
}

static void done_add(struct diode_rx *rx, uint64_t id, const uint8_t *hash)
{
	struct diode_done *d = &rx->done[rx->done_next];

	d->id = id;
	memcpy(d->hash, hash, DIODE_HASH_BYTES);
	d->used = 1;
	rx->done_next = (rx->done_next + 1) % DIODE_DONE_MAX;
}

static int done_has(const struct diode_rx *rx, uint64_t id, const uint8_t *hash)
{
	for (unsigned i = 0; i < DIODE_DONE_MAX; i++)
		if (rx->done[i].used && rx->done[i].id == id &&
		    memcmp(rx->done[i].hash, hash, DIODE_HASH_BYTES) == 0)
			return 1;
	return 0;
}

static void xfer_drop(struct diode_rx *rx, int slot)
{
	diode_xfer_abort(&rx->xfer[slot]);
	rx->active[slot] = 0;
}

/* The slot for a new transfer: a free one, else the one stalled longest. -1 if all are live. */
static int slot_for_new(struct diode_rx *rx, const struct diode_layout *lay, double now)
{
	int best = -1;

	for (int i = 0; i < DIODE_XFERS_MAX; i++)
		if (!rx->active[i])
			return i;
	for (int i = 0; i < DIODE_XFERS_MAX; i++)
		if (now - rx->xfer[i].t_progress >= rx->stall_seconds &&
		    (best < 0 || rx->xfer[i].t_progress < rx->xfer[best].t_progress))
			best = i;
	if (best >= 0) {
		struct diode_xfer *x = &rx->xfer[best];

		rx_log(rx, "transfer %016" PRIx64 " (%s): no new symbol for %.0fs, %u of %u blocks: "
		       "replaced by transfer %016" PRIx64 ", part file removed",
		       x->lay.transfer_id, x->lay.name, now - x->t_progress, x->blocks_done, x->lay.nblocks,
		       lay->transfer_id);
		xfer_drop(rx, best);
	}
	return best;
}

static int xfer_start(struct diode_rx *rx, const struct diode_packet *p, const char *from, double now)
{
	struct diode_err err;
	char h[17];
	int slot;

	hex16(h, p->lay.file_hash);
	if (p->lay.file_size > rx->max_size) {
		rx_log(rx, "transfer %016" PRIx64 " (%s) from %s: %" PRIu64 " bytes is more than --max-size %" PRIu64
		       ": refused", p->lay.transfer_id, p->lay.name, from, p->lay.file_size, rx->max_size);
		done_add(rx, p->lay.transfer_id, p->lay.file_hash);
		rx->failed++;
		return -1;
	}
	slot = slot_for_new(rx, &p->lay, now);
	if (slot < 0) {
		rx_drop(rx, now, DIODE_DROP_BUSY, "packet from %s: transfer %016" PRIx64 " (%s): %d transfers "
			"in progress and none stalled for %.0fs: dropped", from, p->lay.transfer_id, p->lay.name,
			DIODE_XFERS_MAX, rx->stall_seconds);
		return -1;
	}
	if (diode_xfer_open(&rx->xfer[slot], rx->dirfd, &p->lay, &err) < 0) {
		rx_log(rx, "transfer %016" PRIx64 " (%s): %s: not started", p->lay.transfer_id, p->lay.name, err.msg);
		return -1;
	}
	rx->active[slot] = 1;
	rx->xfer[slot].t_start = rx->xfer[slot].t_progress = rx->xfer[slot].t_logged = now;
	rx->xfer[slot].drops_at_start = rx->drops_total;
	rx_log(rx, "transfer %016" PRIx64 " from %s: %s, %" PRIu64 " bytes, BLAKE2b-256 %s..., %u blocks "
	       "of up to %u symbols of %u bytes: started", p->lay.transfer_id, from, p->lay.name,
	       p->lay.file_size, h, p->lay.nblocks, p->lay.kmax, p->lay.symbol_size);
	return slot;
}

static void xfer_complete(struct diode_rx *rx, int slot, double now)
{
	struct diode_xfer *x = &rx->xfer[slot];
	struct diode_layout lay = x->lay;
	uint64_t got = x->pkts_received, used = x->pkts_used, dropped = rx->drops_total - x->drops_at_start;
	double t = now - x->t_start;
	struct diode_err err;

	rx->active[slot] = 0;
	done_add(rx, lay.transfer_id, lay.file_hash);
	if (diode_xfer_finish(x, &err) < 0) {
		rx->failed++;
		rx_log(rx, "transfer %016" PRIx64 " (%s): %s", lay.transfer_id, lay.name, err.msg);
		return;
	}
	rx->delivered++;
	rx_log(rx, "transfer %016" PRIx64 ": delivered %s: %" PRIu64 " bytes in %.1fs, packets received %" PRIu64
	       " dropped %" PRIu64 " used %" PRIu64, lay.transfer_id, lay.name, lay.file_size, t, got, dropped, used);
}

void diode_rx_packet(struct diode_rx *rx, const uint8_t *buf, size_t len, const char *from, double now)
{
	struct diode_packet p;
	struct diode_err err;
	int slot = -1, r;

	rx->received++;
	if (diode_packet_parse(buf, len, &p, &err) < 0) {
		rx_drop(rx, now, DIODE_DROP_MALFORMED, "packet from %s: %s: dropped", from, err.msg);
		return;
	}
	if (diode_tag_verify(&rx->key, buf, p.signed_len) < 0) {
		rx_drop(rx, now, DIODE_DROP_TAG, "packet from %s: tag does not verify with diode key %s: dropped",
			from, rx->key.id);
		return;
	}
	if (done_has(rx, p.lay.transfer_id, p.lay.file_hash)) {
		rx->after_done++; /* the carousel goes on after we finished: expected, not an error */
		return;
	}
	for (int i = 0; i < DIODE_XFERS_MAX; i++)
		if (rx->active[i] && rx->xfer[i].lay.transfer_id == p.lay.transfer_id)
			slot = i;
	if (slot >= 0 && !diode_xfer_same_layout(&rx->xfer[slot], &p.lay)) {
		rx_drop(rx, now, DIODE_DROP_CONFLICT, "packet from %s: transfer %016" PRIx64 ": size, hash, name "
			"or layout differ from its first packet's: dropped", from, p.lay.transfer_id);
		return;
	}
	if (slot < 0 && (slot = xfer_start(rx, &p, from, now)) < 0)
		return;
	r = diode_xfer_add(&rx->xfer[slot], &p, &err);
	if (r < 0) {
		rx_log(rx, "transfer %016" PRIx64 " (%s): %s: part file removed, transfer failed",
		       p.lay.transfer_id, p.lay.name, err.msg);
		done_add(rx, p.lay.transfer_id, p.lay.file_hash);
		rx->failed++;
		xfer_drop(rx, slot);
		return;
	}
	if (r == DIODE_ADD_DUP) {
		rx->dup++;
		return;
	}
	rx->used++;
	rx->xfer[slot].t_progress = now;
	if (r == DIODE_ADD_COMPLETE)
		xfer_complete(rx, slot, now);
}

void diode_rx_tick(struct diode_rx *rx, double now)
{
	for (int i = 0; i < DIODE_XFERS_MAX; i++) {
		struct diode_xfer *x = &rx->xfer[i];

		if (!rx->active[i] || now - x->t_logged < DIODE_REPORT_SECONDS)
			continue;
		x->t_logged = now;
		rx_log(rx, "transfer %016" PRIx64 " (%s): %u of %u blocks (%.0f%%) after %.0fs, packets received %"
		       PRIu64 " used %" PRIu64, x->lay.transfer_id, x->lay.name, x->blocks_done, x->lay.nblocks,
		       100.0 * x->blocks_done / x->lay.nblocks, now - x->t_start, x->pkts_received, x->pkts_used);
	}
	if (rx->drops_total > rx->drops_reported && now - rx->drop_report_t >= DIODE_REPORT_SECONDS) {
		rx_log(rx, "dropped %" PRIu64 " packets in the last %.0fs; last: %s",
		       rx->drops_total - rx->drops_reported, now - rx->drop_report_t, rx->drop_last);
		rx->drops_reported = rx->drops_total;
		rx->drop_report_t = now;
	}
}

void diode_rx_close(struct diode_rx *rx, const char *why)
{
	char counts[512];

	for (int i = 0; i < DIODE_XFERS_MAX; i++)
		if (rx->active[i]) {
			rx_log(rx, "transfer %016" PRIx64 " (%s): %u of %u blocks: %s, part file removed",
			       rx->xfer[i].lay.transfer_id, rx->xfer[i].lay.name, rx->xfer[i].blocks_done,
			       rx->xfer[i].lay.nblocks, why);
			xfer_drop(rx, i);
		}
	diode_rx_counts(rx, counts, sizeof counts);
	rx_log(rx, "%s: %s", why, counts);
}
