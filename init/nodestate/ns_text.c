/* nodestatus for a person: one short aligned line per fact; an unknown fact says why. */
#include <stdio.h>
#include <time.h>

#include "ns_out.h"

#define COL "%-10s "

static void unknown(struct ns_out *o, const char *label, const struct node_state *st,
		    enum ns_source s)
{
	ns_out_printf(o, COL "unknown (%s)\n", label, st->err[s]);
}

/* 1536 MiB -> "1.5 GiB" */
static const char *human(uint64_t bytes, char *buf, size_t cap)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = (double)bytes;
	unsigned u = 0;

	while (v >= 1024 && u + 1 < sizeof unit / sizeof unit[0]) {
		v /= 1024;
		u++;
	}
	snprintf(buf, cap, u == 0 ? "%.0f %s" : "%.1f %s", v, unit[u]);
	return buf;
}

static void boot(struct ns_out *o, const struct node_state *st)
{
	if (st->known[NS_SRC_SLOT])
		ns_out_printf(o, COL "%c\n", "slot", st->slot);
	else
		unknown(o, "slot", st, NS_SRC_SLOT);
	if (!st->known[NS_SRC_TRIAL])
		unknown(o, "boot", st, NS_SRC_TRIAL);
	else if (st->known[NS_SRC_BOOTCOUNT] && st->counting)
		ns_out_printf(o, COL "%s, %d tries left, %d done\n", "boot",
			      st->trial ? "trial" : "counting", st->tries_left, st->tries_done);
	else if (st->known[NS_SRC_BOOTCOUNT])
		ns_out_printf(o, COL "%s\n", "boot", st->trial ? "trial" : "blessed (not a trial)");
	else
		ns_out_printf(o, COL "%s; boot counter unknown (%s)\n", "boot",
			      st->trial ? "trial" : "blessed (not a trial)", st->err[NS_SRC_BOOTCOUNT]);
}

static void update(struct ns_out *o, const struct node_state *st)
{
	char t[32];
	time_t tt = (time_t)st->update_time;
	struct tm tm;

	if (!st->known[NS_SRC_UPDATE]) {
		unknown(o, "update", st, NS_SRC_UPDATE);
		return;
	}
	if (st->update == NS_UPD_NONE) {
		ns_out_printf(o, COL "none yet\n", "update");
		return;
	}
	if (gmtime_r(&tt, &tm) == NULL || strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(t, sizeof t, "%llu", (unsigned long long)st->update_time);
	ns_out_printf(o, COL "%s%s%s at %s\n", "update", ns_update_result_name(st->update),
		      st->update_version[0] ? ", version " : "", st->update_version, t);
	if (st->update_error[0])
		ns_out_printf(o, COL "%s\n", "", st->update_error);
}

static void services(struct ns_out *o, const struct node_state *st)
{
	unsigned i;

	for (i = 0; i < st->nsvc; i++)
		ns_out_printf(o, COL "%-16s %-8s %u restart%s\n", i ? "" : "services",
			      st->svc[i].name, st->svc[i].state, st->svc[i].restarts,
			      st->svc[i].restarts == 1 ? "" : "s");
	if (st->err[NS_SRC_SERVICES][0])
		unknown(o, st->nsvc ? "" : "services", st, NS_SRC_SERVICES);
	else if (st->nsvc == 0)
		ns_out_printf(o, COL "none\n", "services");
}

static void firewall(struct ns_out *o, const struct node_state *st)
{
	unsigned i;

	if (!st->known[NS_SRC_FIREWALL]) {
		unknown(o, "firewall", st, NS_SRC_FIREWALL);
		return;
	}
	if (!st->fw.have_table) {
		ns_out_printf(o, COL "NOT in force: no table inet node\n", "firewall");
		return;
	}
	ns_out_printf(o, COL "in force; wire guard %s\n", "firewall",
		      st->fw.have_wire ? "in force" : "none (no interface configured)");
	for (i = 0; i < st->fw.counters; i++)
		ns_out_printf(o, COL "%-20s %10llu packets %12llu bytes dropped\n", "",
			      st->fw.counter[i].name, (unsigned long long)st->fw.counter[i].packets,
			      (unsigned long long)st->fw.counter[i].bytes);
}

static void system_lines(struct ns_out *o, const struct node_state *st)
{
	char a[32], b[32], c[32];
	uint64_t s = st->uptime_ms / 1000;

	if (st->known[NS_SRC_VAR])
		ns_out_printf(o, COL "%s used of %s, %s free\n", "/var",
			      human(st->var_used, a, sizeof a), human(st->var_size, b, sizeof b),
			      human(st->var_free, c, sizeof c));
	else
		unknown(o, "/var", st, NS_SRC_VAR);
	if (st->known[NS_SRC_MEMORY])
		ns_out_printf(o, COL "%s available of %s\n", "memory",
			      human(st->mem_available, a, sizeof a), human(st->mem_total, b, sizeof b));
	else
		unknown(o, "memory", st, NS_SRC_MEMORY);
	if (st->known[NS_SRC_UPTIME])
		ns_out_printf(o, COL "%llud %02lluh %02llum %02llus\n", "uptime",
			      (unsigned long long)(s / 86400), (unsigned long long)(s / 3600 % 24),
			      (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
	else
		unknown(o, "uptime", st, NS_SRC_UPTIME);
}

void ns_format_text(struct ns_out *o, const struct node_state *st)
{
	if (st->known[NS_SRC_VERSION])
		ns_out_printf(o, COL "%s\n", "version", st->version);
	else
		unknown(o, "version", st, NS_SRC_VERSION);
	boot(o, st);
	services(o, st);
	firewall(o, st);
	update(o, st);
	system_lines(o, st);
}
