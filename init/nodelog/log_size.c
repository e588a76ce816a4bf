#include <stdio.h>

#include "log_size.h"

int log_size_parse(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	unsigned shift = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		if (p - s >= 19)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (p == s)
		return -1;
	switch (*p) {
	case '\0':
		break;
	case 'k':
		shift = 10;
		break;
	case 'm':
		shift = 20;
		break;
	case 'g':
		shift = 30;
		break;
	default:
		return -1;
	}
	if (*p != '\0' && p[1] != '\0')
		return -1;
	if (v > (UINT64_C(1) << 63) >> shift)
		return -1;
	*out = v << shift;
	return 0;
}

void log_size_text(char *out, size_t cap, uint64_t bytes)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB" };
	int i;

	for (i = 2; i >= 0; i--) {
		uint64_t u = UINT64_C(1) << (10 * (i + 1));

		if (bytes < u)
			continue;
		if (bytes % u == 0)
			snprintf(out, cap, "%llu %s", (unsigned long long)(bytes / u), unit[i]);
		else
			snprintf(out, cap, "%.1f %s", (double)bytes / (double)u, unit[i]);
		return;
	}
	snprintf(out, cap, "%llu bytes", (unsigned long long)bytes);
}
