#include <stdio.h>

#include "size_text.h"

#define KiB 1024ull
#define MiB (1024ull * KiB)
#define GiB (1024ull * MiB)
#define TiB (1024ull * GiB)

const char *size_text(uint64_t bytes, char out[SIZE_TEXT_MAX])
{
	static const struct {
		uint64_t unit;
		const char *name;
	} units[] = { { TiB, "TiB" }, { GiB, "GiB" }, { MiB, "MiB" }, { KiB, "KiB" } };
	size_t i;

	/* exact where a unit says it in few digits (1410 MiB, 2 GiB), else one decimal */
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (bytes >= units[i].unit && bytes % units[i].unit == 0 &&
		    bytes / units[i].unit < 10000) {
			snprintf(out, SIZE_TEXT_MAX, "%llu %s",
				 (unsigned long long)(bytes / units[i].unit), units[i].name);
			return out;
		}
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (bytes >= units[i].unit) {
			snprintf(out, SIZE_TEXT_MAX, "%.1f %s", (double)bytes / (double)units[i].unit,
				 units[i].name);
			return out;
		}
	snprintf(out, SIZE_TEXT_MAX, "%llu bytes", (unsigned long long)bytes);
	return out;
}
