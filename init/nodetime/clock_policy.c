#include <stdio.h>
#include <stdlib.h>

#include "clock_policy.h"

#define NS 1000000000LL

int sample_from_times(int64_t t1, int64_t t2, int64_t t3, int64_t t4, int64_t root_dist_ns,
		      unsigned stratum, struct ntp_sample *s)
{
	s->offset_ns = ((t2 - t1) + (t3 - t4)) / 2;
	s->delay_ns = (t4 - t1) - (t3 - t2);
	s->root_dist_ns = root_dist_ns;
	s->stratum = stratum;
	return s->delay_ns < 0 ? -1 : 0;
}

size_t sample_best(const struct ntp_sample *s, size_t n)
{
	size_t i, best = 0;

	for (i = 1; i < n; i++)
		if (s[i].delay_ns < s[best].delay_ns)
			best = i;
	return best;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int site_offset(const int64_t *offsets, size_t n, int64_t tolerance_ns, int64_t *out)
{
	int64_t v[16];
	size_t i, agree = 0;
	int64_t m;

	if (n == 0 || n > sizeof v / sizeof v[0])
		return -1;
	for (i = 0; i < n; i++)
		v[i] = offsets[i];
	qsort(v, n, sizeof v[0], cmp_i64);
	m = n % 2 ? v[n / 2] : v[n / 2 - 1] + (v[n / 2] - v[n / 2 - 1]) / 2;
	for (i = 0; i < n; i++)
		if (llabs(v[i] - m) <= tolerance_ns)
			agree++;
	if (agree * 2 <= n && n > 1)
		return -1;
	*out = m;
	return 0;
}

enum clock_action clock_decide(int64_t offset_ns, int64_t now_ns, int synced_before,
			       int64_t floor_s, char *why, size_t whycap)
{
	int64_t target = now_ns + offset_ns, mag = llabs(offset_ns);

	if (target / NS < floor_s) {
		snprintf(why, whycap, "the servers' time %lld is before this image was built (%lld)",
			 (long long)(target / NS), (long long)floor_s);
		return CLOCK_REFUSE;
	}
	if (synced_before && mag > PANIC_THRESHOLD_NS) {
		snprintf(why, whycap, "a jump of %+.0f s after the clock was set is over the %lld s panic threshold",
			 (double)offset_ns / NS, PANIC_THRESHOLD_NS / NS);
		return CLOCK_REFUSE;
	}
	why[0] = '\0';
	if (mag >= STEP_THRESHOLD_NS)
		return CLOCK_STEP;
	return offset_ns == 0 ? CLOCK_KEEP : CLOCK_SLEW;
}
