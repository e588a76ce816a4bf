#include <stdio.h>
#include <time.h>

#include "commands.h"
#include "state_file.h"
#include "uki_file.h"

static int rollback_locked(struct agent *a, struct upd_error *err)
{
	char other = slot_other(a->booted), v[VERSION_STR_MAX];
	struct esp_entries e;
	struct entry_plan plan;
	struct agent_state st;
	struct uki_info info;
	int rc;

	if (state_load(a->state_dir, &st, err) < 0 || agent_esp_open(a, err) < 0)
		return -1;
	rc = esp_scan(&a->esp, &e, err) < 0 || plan_rollback(&e, a->booted, &plan, err) < 0 ||
	     esp_apply(&a->esp, &plan, err) < 0 ? -1 : 0;
	if (rc == 0 && uki_entry_info(a->esp.linux_dir, e.slot[slot_index(other)].entry[0].name,
				      &info, err) < 0)
		info.version_text[0] = '\0';
	agent_esp_close(a);
	if (rc < 0)
		return -1;
	if (plan.n > 0) {
		st.has_rolled_back = 1;
		st.rolled_back = a->installed;
		st.rolled_back_time = (uint64_t)time(NULL);
		if (state_save(a->state_dir, &st, err) < 0)
			return -1;
		printf("slot %c marked bad (%s -> %s)\n", a->booted, plan.op[0].from, plan.op[0].to);
	} else {
		printf("slot %c is already marked bad\n", a->booted);
	}
	printf("slot %c (version %s) boots next; %s stays on slot %c until then\n", other,
	       info.version_text[0] ? info.version_text : "unknown", version_format(&a->installed, v),
	       a->booted);
	return 0;
}

int cmd_rollback(struct agent *a, struct upd_error *err)
{
	return agent_run_locked(a, rollback_locked, err);
}
