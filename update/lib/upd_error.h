/* Caller-owned error records: every failure says what failed, on what, why, and of which kind,
 * so that programs can map kinds to documented exit codes. */
#ifndef UPD_ERROR_H
#define UPD_ERROR_H

#include "upd_attr.h"

#define UPD_ERROR_MAX 512

enum upd_error_kind {
	UPD_ERR_NONE = 0,
	UPD_ERR_BAD,    /* the input is malformed, forged or corrupt */
	UPD_ERR_POLICY, /* the input is authentic but refused (product, anti-rollback, size limits) */
	UPD_ERR_SYS,    /* reading or writing failed (errno-level trouble), or a sink refused */
};

struct upd_error {
	enum upd_error_kind kind;
	char msg[UPD_ERROR_MAX];
};

/* Records kind and message (truncated if needed) and returns -1, so callers can `return upd_fail(...)`.
 * err may be NULL (fuzzers, probes). */
int upd_fail(struct upd_error *err, enum upd_error_kind kind, const char *fmt, ...) UPD_PRINTF(3, 4);

/* Puts context in front of an existing message: "manifest: " + "line 3: ...". */
void upd_error_prefix(struct upd_error *err, const char *fmt, ...) UPD_PRINTF(2, 3);

#endif
