/*
 * What `nft list table inet node` says about the air gap: the drop counters (rules with a
 * comment and a counter) and the destinations dropped lately (sets dropped4 and dropped6, whose
 * elements expire an hour after their last drop). A pure parser with explicit bounds.
 */
#ifndef NODEFW_FW_LISTING_H
#define NODEFW_FW_LISTING_H

#include <stddef.h>
#include <stdint.h>

#define FW_COUNTERS_MAX 16
#define FW_DROPPED_MAX 512
#define FW_NAME_MAX 31
#define FW_ADDR_MAX 49

struct fw_counter {
	char name[FW_NAME_MAX + 1];	/* the rule's comment: "output-drop-v4" */
	uint64_t packets, bytes;
};

struct fw_dropped {
	char addr[FW_ADDR_MAX + 1];
	uint64_t expires_ms;		/* newest drop: the largest */
};

struct fw_report {
	int have_table;
	int have_wire;			/* the wire guard, table netdev node_wire, is in force */
	struct fw_counter counter[FW_COUNTERS_MAX];
	unsigned counters;
	struct fw_dropped dropped[FW_DROPPED_MAX];
	unsigned ndropped;
	uint64_t timeout_ms;		/* of the dropped sets, 0 if not given */
};

/* Parses text (need not be NUL-terminated). Never fails: what it cannot read it leaves out. */
void fw_listing_parse(const char *text, size_t len, struct fw_report *r);

/*
 * Adds the counters of `nft list table netdev node_wire` (the wire guard: one egress chain per
 * interface, counter "wire-drop-<iface>") to r, after fw_listing_parse. Sets have_wire.
 */
void fw_listing_parse_wire(const char *text, size_t len, struct fw_report *r);

/* "1h", "59m58s123ms", "12s", "500ms" -> milliseconds; -1 if it is none of those. */
int64_t fw_duration_ms(const char *s, size_t len);

#endif
