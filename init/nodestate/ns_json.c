/* nodestatus --json: one object; an unknown field is null, and "errors" says why per source. */
#include <string.h>

#include "ns_out.h"

static void key(struct ns_out *o, const char *k)
{
	ns_out_json_str(o, k);
	ns_out_printf(o, ":");
}

static void str_or_null(struct ns_out *o, int known, const char *s)
{
	if (known)
		ns_out_json_str(o, s);
	else
		ns_out_printf(o, "null");
}

static void u64_or_null(struct ns_out *o, int known, uint64_t v)
{
	if (known)
		ns_out_printf(o, "%llu", (unsigned long long)v);
	else
		ns_out_printf(o, "null");
}

void ns_format_json(struct ns_out *o, const struct node_state *st)
{
	const int *k = st->known;
	char slot[2] = { st->slot, '\0' };
	unsigned i, n;

	ns_out_printf(o, "{");
	key(o, "version");
	str_or_null(o, k[NS_SRC_VERSION], st->version);
	ns_out_printf(o, ",");
	key(o, "slot");
	str_or_null(o, k[NS_SRC_SLOT], slot);
	ns_out_printf(o, ",");
	key(o, "trial_boot");
	ns_out_printf(o, "%s,", !k[NS_SRC_TRIAL] ? "null" : st->trial ? "true" : "false");
	key(o, "boot_counting");
	ns_out_printf(o, "%s,", !k[NS_SRC_BOOTCOUNT] ? "null" : st->counting ? "true" : "false");
	key(o, "boot_tries_left");
	u64_or_null(o, k[NS_SRC_BOOTCOUNT] && st->counting, (uint64_t)st->tries_left);
	ns_out_printf(o, ",");
	key(o, "boot_tries_done");
	u64_or_null(o, k[NS_SRC_BOOTCOUNT] && st->counting, (uint64_t)st->tries_done);
	ns_out_printf(o, ",");

	key(o, "update");
	if (!k[NS_SRC_UPDATE]) {
		ns_out_printf(o, "null,");
	} else {
		ns_out_printf(o, "{");
		key(o, "last_result");
		ns_out_json_str(o, ns_update_result_name(st->update));
		ns_out_printf(o, ",");
		key(o, "last_time");
		u64_or_null(o, st->update != NS_UPD_NONE, st->update_time);
		ns_out_printf(o, ",");
		key(o, "last_version");
		str_or_null(o, st->update_version[0] != '\0', st->update_version);
		ns_out_printf(o, ",");
		key(o, "last_error");
		str_or_null(o, st->update_error[0] != '\0', st->update_error);
		ns_out_printf(o, "},");
	}

	/* rows read before a bad line are listed; "errors" says the list is incomplete */
	key(o, "services");
	if (!k[NS_SRC_SERVICES] && st->nsvc == 0) {
		ns_out_printf(o, "null,");
	} else {
		ns_out_printf(o, "[");
		for (i = 0; i < st->nsvc; i++) {
			ns_out_printf(o, "%s{", i ? "," : "");
			key(o, "name");
			ns_out_json_str(o, st->svc[i].name);
			ns_out_printf(o, ",");
			key(o, "state");
			ns_out_json_str(o, st->svc[i].state);
			ns_out_printf(o, ",\"up\":%s,\"restarts\":%u}",
				      strcmp(st->svc[i].state, "up") == 0 ? "true" : "false", st->svc[i].restarts);
		}
		ns_out_printf(o, "],");
	}

	key(o, "firewall");
	if (!k[NS_SRC_FIREWALL]) {
		ns_out_printf(o, "null,");
	} else {
		ns_out_printf(o, "{\"in_force\":%s,\"wire_guard\":%s,\"drops\":{",
			      st->fw.have_table ? "true" : "false", st->fw.have_wire ? "true" : "false");
		for (i = 0; i < st->fw.counters; i++) {
			ns_out_printf(o, "%s", i ? "," : "");
			key(o, st->fw.counter[i].name);
			ns_out_printf(o, "{\"packets\":%llu,\"bytes\":%llu}",
				      (unsigned long long)st->fw.counter[i].packets,
				      (unsigned long long)st->fw.counter[i].bytes);
		}
		ns_out_printf(o, "}},");
	}

	key(o, "uptime_seconds");
	if (k[NS_SRC_UPTIME])
		ns_out_printf(o, "%llu.%03llu,", (unsigned long long)(st->uptime_ms / 1000),
			      (unsigned long long)(st->uptime_ms % 1000));
	else
		ns_out_printf(o, "null,");
	key(o, "memory_total_bytes");
	u64_or_null(o, k[NS_SRC_MEMORY], st->mem_total);
	ns_out_printf(o, ",");
	key(o, "memory_available_bytes");
	u64_or_null(o, k[NS_SRC_MEMORY], st->mem_available);
	ns_out_printf(o, ",");
	key(o, "var_size_bytes");
	u64_or_null(o, k[NS_SRC_VAR], st->var_size);
	ns_out_printf(o, ",");
	key(o, "var_used_bytes");
	u64_or_null(o, k[NS_SRC_VAR], st->var_used);
	ns_out_printf(o, ",");
	key(o, "var_free_bytes");
	u64_or_null(o, k[NS_SRC_VAR], st->var_free);
	ns_out_printf(o, ",");

	key(o, "errors");
	ns_out_printf(o, "{");
	for (i = 0, n = 0; i < NS_SRC_COUNT; i++) {
		if (st->err[i][0] == '\0')
			continue;
		ns_out_printf(o, "%s", n++ ? "," : "");
		key(o, ns_source_name((enum ns_source)i));
		ns_out_json_str(o, st->err[i]);
	}
	ns_out_printf(o, "}}\n");
}
