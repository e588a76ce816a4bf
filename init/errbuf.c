#include <stdarg.h>
#include <stdio.h>

#include "errbuf.h"

void err_set(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || cap == 0)
		return;
	va_start(ap, fmt);
	/* truncation is acceptable for a message: vsnprintf always terminates */
	if (vsnprintf(err, cap, fmt, ap) < 0)
		err[0] = '\0';
	va_end(ap);
}
