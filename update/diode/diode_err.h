/* Caller-owned error text: every failure says what failed, on what, and why. The diode tools keep
 * their own (one buffer, no kinds) so that they build without the update library. */
#ifndef DIODE_ERR_H
#define DIODE_ERR_H

#define DIODE_WUR __attribute__((warn_unused_result))
#define DIODE_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

#define DIODE_ERR_MAX 384

struct diode_err {
	char msg[DIODE_ERR_MAX];
};

/* Records the message (truncated if needed) and returns -1, so callers can `return diode_fail(...)`.
 * err may be NULL (fuzzers). */
int diode_fail(struct diode_err *err, const char *fmt, ...) DIODE_PRINTF(2, 3);

#endif
