#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bootcount_var.h"
#include "commands.h"
#include "fs_util.h"
#include "state_file.h"
#include "uki_file.h"

#define RUN_NODE_TRIAL "/run/node/trial"   /* "1\n" on a trial boot, written by init */

/* The other slot's entry is bad: the version it held was tried and abandoned (by the boot
 * counter or a rollback). Remember it for status. */
static void note_rollback(struct agent *a, const struct esp_entries *e, struct agent_state *st,
			  int *changed)
{
	const struct slot_view *o = &e->slot[slot_index(slot_other(a->booted))];
	struct uki_info info;
	struct upd_error err;

	if (o->state != SLOT_BAD)
		return;
	if (uki_entry_info(a->esp.linux_dir, o->entry[0].name, &info, &err) < 0 ||
	    !info.has_version) {
		agent_warn("slot %c's bad entry %s: no version: %s", slot_other(a->booted),
			   o->entry[0].name, info.has_version ? err.msg : "no IMAGE_VERSION");
		return;
	}
	if (st->has_rolled_back && version_compare(&st->rolled_back, &info.version) == 0)
		return;
	st->has_rolled_back = 1;
	st->rolled_back = info.version;
	st->rolled_back_time = (uint64_t)time(NULL);
	*changed = 1;
}

/* 1 if init published that this boot is a trial boot (/run/node/trial is "1"). */
static int init_says_trial(void)
{
	char buf[8];
	size_t len;

	return file_read_small(RUN_NODE_TRIAL, buf, sizeof buf, &len, NULL) == 0 && len >= 1 &&
	       buf[0] == '1';
}

static int mark_good_locked(struct agent *a, struct upd_error *err)
{
	struct bootcount_path bc;
	struct esp_entries e;
	struct entry_plan plan;
	struct agent_state st;
	char v[VERSION_STR_MAX];
	int counting, changed = 0, rc;

	if (state_load(a->state_dir, &st, err) < 0)
		return -1;
	counting = bootcount_var_read(a->efivars_dir, &bc, err);
	if (counting < 0)
		return -1;
	/* init knows a trial boot from the same variable in stage 1: if it saw one and we do not,
	 * blessing silently nothing would let a healthy slot count down to a fallback */
	if (counting == 0 && init_says_trial())
		return upd_fail(err, UPD_ERR_SYS, "%s says this is a trial boot, but %s/%s is not "
				"there (efivarfs not mounted?): cannot bless it", RUN_NODE_TRIAL,
				a->efivars_dir, BOOTCOUNT_VAR_FILE);
	if (agent_esp_open(a, err) < 0)
		return -1;
	rc = esp_scan(&a->esp, &e, err) < 0 ||
	     plan_mark_good(&e, a->booted, counting ? bc.name : NULL, &plan, err) < 0 ||
	     esp_apply(&a->esp, &plan, err) < 0 ? -1 : 0;
	if (rc == 0) {
		note_rollback(a, &e, &st, &changed);
		if (changed)
			printf("slot %c's version %s did not stay: recorded as rolled back\n",
			       slot_other(a->booted), version_format(&st.rolled_back, v));
	}
	agent_esp_close(a);
	if (rc < 0)
		return -1;
	if (counting && (!st.has_floor || version_compare(&st.floor, &a->installed) < 0)) {
		st.has_floor = 1;
		st.floor = a->installed;
		changed = 1;
	}
	if (changed && state_save(a->state_dir, &st, err) < 0)
		return -1;
	if (!counting) {
		/* boot-ok runs at every boot: a blessed one is the usual case, not news */
		if (!a->quiet_noop)
			printf("not a counting boot: nothing to bless\n");
	} else if (plan.n == 0) {
		printf("slot %c is already blessed; floor %s\n", a->booted,
		       version_format(&st.floor, v));
	} else {
		printf("slot %c blessed: %s -> %s; floor %s\n", a->booted,
		       plan.op[plan.n - 1].from, plan.op[plan.n - 1].to,
		       version_format(&st.floor, v));
	}
	return 0;
}

int cmd_mark_good(struct agent *a, struct upd_error *err)
{
	return agent_run_locked(a, mark_good_locked, err);
}
