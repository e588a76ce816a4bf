#include <stdarg.h>
#include <stdio.h>

#include "diode_err.h"

int diode_fail(struct diode_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}
