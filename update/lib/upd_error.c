#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "upd_error.h"

int upd_fail(struct upd_error *err, enum upd_error_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->kind = kind;
	va_start(ap, fmt);
	/* truncation is acceptable for a message: vsnprintf always terminates */
	if (vsnprintf(err->msg, sizeof err->msg, fmt, ap) < 0)
		err->msg[0] = '\0';
	va_end(ap);
	return -1;
}

void upd_error_prefix(struct upd_error *err, const char *fmt, ...)
{
	char old[UPD_ERROR_MAX];
	va_list ap;
	int n;

	if (err == NULL)
		return;
	memcpy(old, err->msg, sizeof old);
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		memcpy(err->msg, old, sizeof old);
		return;
	}
	if ((size_t)n < sizeof err->msg)
		snprintf(err->msg + n, sizeof err->msg - (size_t)n, "%s", old);
}
