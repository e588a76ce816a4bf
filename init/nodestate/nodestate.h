/*
 * The node's state as operators see it (nodestatus, nodemetrics): one struct filled by one
 * collector per source. Every path is taken under a root directory ("/" on the node, a fixture
 * tree in tests). A source that is missing or unreadable leaves its fields unknown and says why in
 * err[source]; nothing is guessed as zero.
 */
#ifndef NODESTATE_H
#define NODESTATE_H

#include <stddef.h>
#include <stdint.h>

#include "../services.h"
#include "fw_listing.h"

#define NS_ERR_MAX 256
#define NS_PATH_MAX 4096
#define NS_VERSION_MAX 63
#define NS_UPDATE_TEXT_MAX 400		/* the agent's STATE_TEXT_MAX */
#define NS_SMALL_FILE_MAX 4096		/* os-release, booted-slot, trial, uptime */
#define NS_PROC_FILE_MAX 16384		/* /proc/meminfo is about 1.5 KiB */
#define NS_SERVICES_FILE_MAX 8192	/* init writes at most SERVICES_MAX lines of about 75 bytes */

/* Where each source lives under the root. */
#define NS_OS_RELEASE "/etc/os-release"
#define NS_BOOTED_SLOT "/run/node/booted-slot"
#define NS_TRIAL "/run/node/trial"
#define NS_EFIVARS "/sys/firmware/efi/efivars"
#define NS_UPDATE_STATE_DIR "/var/lib/nodeupdate"
#define NS_SERVICES "/run/node/services"
#define NS_NFT "/usr/sbin/nft"
#define NS_UPTIME "/proc/uptime"
#define NS_MEMINFO "/proc/meminfo"
#define NS_VAR "/var"

enum ns_source {
	NS_SRC_VERSION, NS_SRC_SLOT, NS_SRC_TRIAL, NS_SRC_BOOTCOUNT, NS_SRC_UPDATE,
	NS_SRC_SERVICES, NS_SRC_FIREWALL, NS_SRC_UPTIME, NS_SRC_MEMORY, NS_SRC_VAR, NS_SRC_COUNT
};

enum ns_update_result { NS_UPD_NONE, NS_UPD_OK, NS_UPD_FAILED, NS_UPD_REFUSED, NS_UPD_COUNT };

struct ns_service {
	char name[SERVICE_NAME_MAX + 1];
	char state[9];			/* starting, up, down, done, failed */
	unsigned restarts;
};

struct node_state {
	int known[NS_SRC_COUNT];	/* the fields of that source hold a value */
	char err[NS_SRC_COUNT][NS_ERR_MAX];	/* why a source failed; "" when it did not */

	char version[NS_VERSION_MAX + 1];
	char slot;			/* 'a' or 'b' */
	int trial;			/* 1 on a trial (counting) boot */
	int counting;			/* LoaderBootCountPath names a counting entry */
	int tries_left, tries_done;	/* of that entry, when counting */

	enum ns_update_result update;
	uint64_t update_time;		/* seconds since the epoch; 0 when update is NONE */
	char update_version[NS_VERSION_MAX + 1];	/* "" when the agent did not know it */
	char update_error[NS_UPDATE_TEXT_MAX + 1];

	struct ns_service svc[SERVICES_MAX];
	unsigned nsvc;

	struct fw_report fw;		/* have_table 0: the firewall is not in force */

	uint64_t uptime_ms;
	uint64_t mem_total, mem_available;	/* bytes */
	uint64_t var_size, var_free, var_used;	/* bytes; free = available to unprivileged writers */
};

/* "os-release", "booted-slot", ...: the label value of node_scrape_errors. */
const char *ns_source_name(enum ns_source s);
/* "none", "ok", "failed", "refused" */
const char *ns_update_result_name(enum ns_update_result r);

/* Sets err[s] (printf-style) and clears known[s]. */
void ns_fail(struct node_state *st, enum ns_source s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* CLOCK_MONOTONIC in ms: the deadlines of nft's run and of an HTTP exchange. */
long long ns_now_ms(void);

/* root + rel into out ("/" + "/etc/x" gives "/etc/x"). 0, or -1 if it does not fit. */
int ns_path(char *out, size_t cap, const char *root, const char *rel)
	__attribute__((warn_unused_result));

/*
 * Reads root+rel whole into buf (NUL-terminated, at most cap - 1 bytes): regular files only,
 * opened non-blocking so a FIFO planted there cannot hang the reader. 0 with *len, 1 when the file
 * does not exist, -1 with why ("reading /x: Permission denied", "/x is larger than N bytes").
 */
int ns_file_read(const char *root, const char *rel, char *buf, size_t cap, size_t *len,
		 char *why, size_t whycap) __attribute__((warn_unused_result));

/* The collectors: each fills its fields or fails its source. Never abort, never allocate. */
void ns_collect_version(struct node_state *st, const char *root);
void ns_collect_boot(struct node_state *st, const char *root);	/* slot, trial, boot count */
void ns_collect_update(struct node_state *st, const char *root);
void ns_collect_services(struct node_state *st, const char *root);
void ns_collect_firewall(struct node_state *st, const char *root);
void ns_collect_system(struct node_state *st, const char *root);	/* uptime, memory, /var */

/* Clears st and runs every collector. Returns the number of sources that failed. */
unsigned ns_collect(struct node_state *st, const char *root);

/* Called in nft's child just before exec (nodemetrics raises its ambient capability there). */
extern void (*ns_nft_child_hook)(void);
/* nft gets this long to answer before it is killed and the source fails. */
#define NS_NFT_TIMEOUT_MS 5000
#define NS_NFT_OUTPUT_MAX (256 * 1024)

#endif
