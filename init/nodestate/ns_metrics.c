/*
 * Prometheus text exposition format 0.0.4. A metric whose source failed is left out (absent, not
 * zero) and node_scrape_errors{source=...} says which source failed; its HELP and TYPE stay.
 */
#include <string.h>

#include "ns_out.h"

static void head(struct ns_out *o, const char *name, const char *type, const char *help)
{
	ns_out_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void labelled(struct ns_out *o, const char *name, const char *label, const char *value)
{
	ns_out_printf(o, "%s{%s=\"", name, label);
	ns_out_label(o, value);
	ns_out_printf(o, "\"} ");
}

static void boot(struct ns_out *o, const struct node_state *st)
{
	char slot[2] = { st->slot, '\0' };

	head(o, "node_info", "gauge", "The node's image version and booted slot (always 1).");
	ns_out_printf(o, "node_info{version=\"");
	ns_out_label(o, st->known[NS_SRC_VERSION] ? st->version : "unknown");
	ns_out_printf(o, "\",slot=\"");
	ns_out_label(o, st->known[NS_SRC_SLOT] ? slot : "unknown");
	ns_out_printf(o, "\"} 1\n");
	head(o, "node_trial_boot", "gauge", "1 on a trial boot of a new slot, 0 once blessed.");
	if (st->known[NS_SRC_TRIAL])
		ns_out_printf(o, "node_trial_boot %d\n", st->trial ? 1 : 0);
	head(o, "node_boot_tries_left", "gauge",
	     "Boot attempts left on the counting entry booted (absent when not counting).");
	if (st->known[NS_SRC_BOOTCOUNT] && st->counting)
		ns_out_printf(o, "node_boot_tries_left %d\n", st->tries_left);
}

static void update(struct ns_out *o, const struct node_state *st)
{
	unsigned r;

	head(o, "node_update_last_result", "gauge",
	     "1 for the result of the update agent's last install (none, ok, failed, refused).");
	for (r = 0; st->known[NS_SRC_UPDATE] && r < NS_UPD_COUNT; r++) {
		labelled(o, "node_update_last_result", "result",
			 ns_update_result_name((enum ns_update_result)r));
		ns_out_printf(o, "%d\n", st->update == r ? 1 : 0);
	}
	head(o, "node_update_last_timestamp_seconds", "gauge",
	     "When the update agent's last install ended, seconds since the epoch.");
	if (st->known[NS_SRC_UPDATE] && st->update != NS_UPD_NONE)
		ns_out_printf(o, "node_update_last_timestamp_seconds %llu\n",
			      (unsigned long long)st->update_time);
}

static void firewall(struct ns_out *o, const struct node_state *st)
{
	const int known = st->known[NS_SRC_FIREWALL];
	unsigned i;

	head(o, "node_firewall_in_force", "gauge", "1 when table inet node is loaded.");
	if (known)
		ns_out_printf(o, "node_firewall_in_force %d\n", st->fw.have_table ? 1 : 0);
	head(o, "node_firewall_wire_guard", "gauge", "1 when table netdev node_wire is loaded.");
	if (known)
		ns_out_printf(o, "node_firewall_wire_guard %d\n", st->fw.have_wire ? 1 : 0);
	head(o, "node_firewall_drops_total", "counter",
	     "Packets dropped by the firewall, per counting rule (its comment).");
	for (i = 0; known && i < st->fw.counters; i++) {
		labelled(o, "node_firewall_drops_total", "chain", st->fw.counter[i].name);
		ns_out_printf(o, "%llu\n", (unsigned long long)st->fw.counter[i].packets);
	}
	head(o, "node_firewall_dropped_bytes_total", "counter",
	     "Bytes dropped by the firewall, per counting rule (its comment).");
	for (i = 0; known && i < st->fw.counters; i++) {
		labelled(o, "node_firewall_dropped_bytes_total", "chain", st->fw.counter[i].name);
		ns_out_printf(o, "%llu\n", (unsigned long long)st->fw.counter[i].bytes);
	}
}

static void services(struct ns_out *o, const struct node_state *st)
{
	unsigned i;

	head(o, "node_service_up", "gauge", "1 when the service is running and ready.");
	for (i = 0; i < st->nsvc; i++) {
		labelled(o, "node_service_up", "service", st->svc[i].name);
		ns_out_printf(o, "%d\n", strcmp(st->svc[i].state, "up") == 0 ? 1 : 0);
	}
	head(o, "node_service_restarts_total", "counter", "Restarts of the service since boot.");
	for (i = 0; i < st->nsvc; i++) {
		labelled(o, "node_service_restarts_total", "service", st->svc[i].name);
		ns_out_printf(o, "%u\n", st->svc[i].restarts);
	}
}

static void gauge_u64(struct ns_out *o, const char *name, const char *help, int known, uint64_t v)
{
	head(o, name, "gauge", help);
	if (known)
		ns_out_printf(o, "%s %llu\n", name, (unsigned long long)v);
}

static void system_metrics(struct ns_out *o, const struct node_state *st)
{
	head(o, "node_uptime_seconds", "gauge", "Seconds since the kernel booted.");
	if (st->known[NS_SRC_UPTIME])
		ns_out_printf(o, "node_uptime_seconds %llu.%03llu\n",
			      (unsigned long long)(st->uptime_ms / 1000),
			      (unsigned long long)(st->uptime_ms % 1000));
	gauge_u64(o, "node_memory_total_bytes", "MemTotal of /proc/meminfo.",
		  st->known[NS_SRC_MEMORY], st->mem_total);
	gauge_u64(o, "node_memory_available_bytes", "MemAvailable of /proc/meminfo.",
		  st->known[NS_SRC_MEMORY], st->mem_available);
	gauge_u64(o, "node_var_size_bytes", "Size of the data partition on /var.",
		  st->known[NS_SRC_VAR], st->var_size);
	gauge_u64(o, "node_var_free_bytes", "Bytes of /var available to unprivileged writers.",
		  st->known[NS_SRC_VAR], st->var_free);
}

void ns_format_metrics(struct ns_out *o, const struct node_state *st)
{
	unsigned i;

	boot(o, st);
	update(o, st);
	firewall(o, st);
	services(o, st);
	system_metrics(o, st);
	head(o, "node_scrape_errors", "gauge",
	     "1 for each source that could not be read in this scrape (nodestatus says why).");
	for (i = 0; i < NS_SRC_COUNT; i++)
		if (st->err[i][0] != '\0') {
			labelled(o, "node_scrape_errors", "source", ns_source_name((enum ns_source)i));
			ns_out_printf(o, "1\n");
		}
}
