/* The slots' boot entries on the ESP and what install, mark-good and rollback do to them: from
 * a list of EFI/Linux names to each slot's state and the plan, so every transition of the boot
 * counting state machine (REFERENCE C.2) is checked without a disk. */
#include <string.h>

#include "check.h"
#include "slot_entries.h"

static struct upd_error err;
static struct esp_entries e;
static struct entry_plan p;

/* Builds e from a NULL-terminated list of names. */
static int esp(const char *const *names)
{
	esp_entries_init(&e);
	for (; *names != NULL; names++)
		if (esp_entries_add(&e, *names, &err) < 0)
			return -1;
	esp_entries_done(&e);
	return 0;
}

#define ESP(...) esp((const char *const[]){ __VA_ARGS__, NULL })

static int has_op(enum entry_op_kind k, const char *from, const char *to)
{
	unsigned i;

	for (i = 0; i < p.n; i++)
		if (p.op[i].kind == k && strcmp(p.op[i].from, from) == 0 &&
		    (to == NULL || strcmp(p.op[i].to, to) == 0))
			return 1;
	return 0;
}

static void blessed_name_is_good(void)
{
	CHECK_INT(ESP("node-a.efi"), 0);
	CHECK_INT(e.slot[0].state, SLOT_GOOD);
	CHECK_INT(e.slot[1].state, SLOT_NONE);
}

static void counting_names_are_trial_until_no_tries_are_left(void)
{
	CHECK_INT(ESP("node-a.efi", "node-b+3.efi"), 0);
	CHECK_INT(e.slot[1].state, SLOT_TRIAL);
	CHECK_INT(e.slot[1].entry[0].bls.left, 3);
	CHECK_INT(ESP("node-a.efi", "node-b+1-2.efi"), 0);
	CHECK_INT(e.slot[1].state, SLOT_TRIAL);
	CHECK_INT(ESP("node-a.efi", "node-b+0-3.efi"), 0);
	CHECK_INT(e.slot[1].state, SLOT_BAD);
}

static void fat_names_match_without_case(void)
{
	CHECK_INT(ESP("NODE-A.EFI", "Node-B+2-1.Efi"), 0);
	CHECK_INT(e.slot[0].state, SLOT_GOOD);
	CHECK_INT(e.slot[1].state, SLOT_TRIAL);
	CHECK_STR(e.slot[0].entry[0].name, "NODE-A.EFI");
}

static void two_entries_for_one_slot_are_a_conflict(void)
{
	CHECK_INT(ESP("node-a.efi", "node-a+2-1.efi"), 0);
	CHECK_INT(e.slot[0].state, SLOT_CONFLICT);
	CHECK_INT(e.slot[0].count, 2);
}

static void other_files_and_temporaries_are_told_apart(void)
{
	CHECK_INT(ESP("node-ab.efi", "debian.efi", "node-a.conf", ".nodeupdate-b.tmp", "node-a.efi"), 0);
	CHECK_INT(e.others, 3);
	CHECK_INT(e.temps, 1);
	CHECK_INT(e.slot[0].count, 1);
	CHECK_INT(e.slot[1].count, 0);
}

static void counter_the_boot_loader_cannot_parse_counts_as_good(void)
{
	/* systemd-boot boots such an entry as uncounted: so does the agent's view of it */
	CHECK_INT(ESP("node-a.efi", "node-b+x.efi"), 0);
	CHECK_INT(e.slot[1].state, SLOT_GOOD);
}

static void install_from_a_good_boot_removes_the_other_slots_entries(void)
{
	CHECK_INT(ESP("node-a.efi", "node-b+0-3.efi", ".nodeupdate-b.tmp"), 0);
	CHECK_INT(plan_install(&e, 'a', &p, &err), 0);
	CHECK_INT(p.n, 2);
	CHECK(has_op(ENTRY_REMOVE, "node-b+0-3.efi", NULL));
	CHECK(has_op(ENTRY_REMOVE, ".nodeupdate-b.tmp", NULL));
	CHECK(!has_op(ENTRY_REMOVE, "node-a.efi", NULL));
}

static void install_into_an_empty_slot_removes_nothing(void)
{
	CHECK_INT(ESP("node-b.efi"), 0);
	CHECK_INT(plan_install(&e, 'b', &p, &err), 0);
	CHECK_INT(p.n, 0);
}

static void install_during_a_trial_boot_is_refused(void)
{
	/* the other slot is the trial's fallback: it must not be rewritten */
	CHECK_INT(ESP("node-a.efi", "node-b+2-1.efi"), 0);
	CHECK_INT(plan_install(&e, 'b', &p, &err), -1);
	CHECK_INT(err.kind, UPD_ERR_POLICY);
	CHECK_CONTAINS(err.msg, "on trial");
	CHECK_CONTAINS(err.msg, "mark-good");
}

static void install_after_a_rollback_mark_is_refused(void)
{
	CHECK_INT(ESP("node-a.efi", "node-b+0-1.efi"), 0);
	CHECK_INT(plan_install(&e, 'b', &p, &err), -1);
	CHECK_CONTAINS(err.msg, "marked bad");
}

static void install_without_an_entry_for_the_booted_slot_is_refused(void)
{
	CHECK_INT(ESP("node-b.efi"), 0);
	CHECK_INT(plan_install(&e, 'a', &p, &err), -1);
	CHECK_CONTAINS(err.msg, "no boot entry");
}

static void install_with_duplicate_booted_entries_is_refused(void)
{
	CHECK_INT(ESP("node-a.efi", "node-a+3.efi"), 0);
	CHECK_INT(plan_install(&e, 'a', &p, &err), -1);
	CHECK_CONTAINS(err.msg, "several");
}

static void mark_good_renames_the_counting_entry_to_its_blessed_name(void)
{
	CHECK_INT(ESP("node-a.efi", "node-b+2-1.efi"), 0);
	CHECK_INT(plan_mark_good(&e, 'b', "node-b+2-1.efi", &p, &err), 0);
	CHECK_INT(p.n, 1);
	CHECK(has_op(ENTRY_RENAME, "node-b+2-1.efi", "node-b.efi"));
}

static void mark_good_on_the_last_try_still_blesses(void)
{
	/* systemd-boot made it +0-3 before starting this boot: it came up, so it is good */
	CHECK_INT(ESP("node-a.efi", "node-b+0-3.efi"), 0);
	CHECK_INT(plan_mark_good(&e, 'b', "node-b+0-3.efi", &p, &err), 0);
	CHECK(has_op(ENTRY_RENAME, "node-b+0-3.efi", "node-b.efi"));
}

static void mark_good_removes_a_stale_twin_first(void)
{
	CHECK_INT(ESP("node-a.efi", "node-b.efi", "node-b+2-1.efi"), 0);
	CHECK_INT(plan_mark_good(&e, 'b', "node-b+2-1.efi", &p, &err), 0);
	CHECK_INT(p.n, 2);
	CHECK_INT(p.op[0].kind, ENTRY_REMOVE);
	CHECK_STR(p.op[0].from, "node-b.efi");
	CHECK_INT(p.op[1].kind, ENTRY_RENAME);
	CHECK_STR(p.op[1].to, "node-b.efi");
}

static void mark_good_keeps_the_case_of_the_name(void)
{
	CHECK_INT(ESP("node-a.efi", "NODE-B+2-1.EFI"), 0);
	CHECK_INT(plan_mark_good(&e, 'b', "node-b+2-1.efi", &p, &err), 0);
	CHECK(has_op(ENTRY_RENAME, "NODE-B+2-1.EFI", "NODE-B.efi"));
}

static void mark_good_on_a_boot_that_is_not_counting_does_nothing(void)
{
	CHECK_INT(ESP("node-a.efi", "node-b+3.efi"), 0);
	CHECK_INT(plan_mark_good(&e, 'a', NULL, &p, &err), 0);
	CHECK_INT(p.n, 0);
}

static void mark_good_twice_in_one_boot_does_nothing_the_second_time(void)
{
	/* LoaderBootCountPath still names the old file; the entry is already blessed */
	CHECK_INT(ESP("node-a.efi", "node-b.efi"), 0);
	CHECK_INT(plan_mark_good(&e, 'b', "node-b+2-1.efi", &p, &err), 0);
	CHECK_INT(p.n, 0);
}

static void mark_good_for_the_other_slots_entry_is_refused(void)
{
	CHECK_INT(ESP("node-a+2-1.efi", "node-b.efi"), 0);
	CHECK_INT(plan_mark_good(&e, 'b', "node-a+2-1.efi", &p, &err), -1);
	CHECK_CONTAINS(err.msg, "slot b is booted");
}

static void mark_good_for_a_name_that_is_not_counting_is_refused(void)
{
	CHECK_INT(ESP("node-a.efi"), 0);
	CHECK_INT(plan_mark_good(&e, 'a', "node-a.efi", &p, &err), -1);
	CHECK_INT(plan_mark_good(&e, 'a', "debian+1.efi", &p, &err), -1);
}

static void mark_good_when_the_counting_file_is_gone_and_nothing_is_blessed_fails(void)
{
	CHECK_INT(ESP("node-a.efi"), 0);
	CHECK_INT(plan_mark_good(&e, 'b', "node-b+2-1.efi", &p, &err), -1);
	CHECK_CONTAINS(err.msg, "not in EFI/Linux");
}

static void rollback_marks_the_booted_good_entry_bad(void)
{
	CHECK_INT(ESP("node-a.efi", "node-b.efi"), 0);
	CHECK_INT(plan_rollback(&e, 'b', &p, &err), 0);
	CHECK_INT(p.n, 1);
	CHECK(has_op(ENTRY_RENAME, "node-b.efi", "node-b+0-1.efi"));
}

static void rollback_during_a_trial_keeps_the_tries_done(void)
{
	CHECK_INT(ESP("node-a.efi", "node-b+1-2.efi"), 0);
	CHECK_INT(plan_rollback(&e, 'b', &p, &err), 0);
	CHECK(has_op(ENTRY_RENAME, "node-b+1-2.efi", "node-b+0-2.efi"));
}

static void rollback_is_refused_without_a_good_other_slot(void)
{
	CHECK_INT(ESP("node-a.efi"), 0);
	CHECK_INT(plan_rollback(&e, 'a', &p, &err), -1);
	CHECK_INT(err.kind, UPD_ERR_POLICY);
	CHECK_CONTAINS(err.msg, "slot b has no good boot entry");
	CHECK_INT(ESP("node-a.efi", "node-b+3.efi"), 0);
	CHECK_INT(plan_rollback(&e, 'a', &p, &err), -1);
	CHECK_CONTAINS(err.msg, "trial");
	CHECK_INT(ESP("node-a.efi", "node-b+0-3.efi"), 0);
	CHECK_INT(plan_rollback(&e, 'a', &p, &err), -1);
	CHECK_CONTAINS(err.msg, "bad");
}

static void rollback_twice_does_nothing_the_second_time(void)
{
	CHECK_INT(ESP("node-a.efi", "node-b+0-1.efi"), 0);
	CHECK_INT(plan_rollback(&e, 'b', &p, &err), 0);
	CHECK_INT(p.n, 0);
}

static void entry_names_tell_their_slot(void)
{
	CHECK_INT(slot_of_entry_name("node-a+3.efi"), 'a');
	CHECK_INT(slot_of_entry_name("NODE-B.EFI"), 'b');
	CHECK_INT(slot_of_entry_name("node-c.efi"), 0);
	CHECK_INT(slot_of_entry_name("node-ab.efi"), 0);
	CHECK_INT(slot_of_entry_name("node-a.conf"), 0);
}

static void trial_name_has_three_tries(void)
{
	char name[64];

	slot_trial_name('b', name, sizeof name);
	CHECK_STR(name, "node-b+3.efi");
}

static void too_many_entries_are_refused_rather_than_guessed(void)
{
	CHECK_INT(ESP("node-a+1.efi", "node-a+2.efi", "node-a+3.efi", "node-a+4.efi", "node-a+5.efi",
		      "node-a+6.efi", "node-a+7.efi", "node-a+8.efi", "node-a+9.efi"), -1);
	CHECK_CONTAINS(err.msg, "more than 8 entries");
}

/* The whole life of an update, as names on the ESP. */
static void a_full_update_cycle_goes_through_every_state(void)
{
	/* booted a, install writes node-b+3 */
	CHECK_INT(ESP("node-a.efi"), 0);
	CHECK_INT(plan_install(&e, 'a', &p, &err), 0);
	/* systemd-boot counts the first boot of b */
	CHECK_INT(ESP("node-a.efi", "node-b+2-1.efi"), 0);
	CHECK_INT(plan_install(&e, 'b', &p, &err), -1);
	CHECK_INT(plan_mark_good(&e, 'b', "node-b+2-1.efi", &p, &err), 0);
	/* blessed: b is good, a is its fallback; the next install goes to a */
	CHECK_INT(ESP("node-a.efi", "node-b.efi"), 0);
	CHECK_INT(plan_install(&e, 'b', &p, &err), 0);
	CHECK(has_op(ENTRY_REMOVE, "node-a.efi", NULL));
	/* or the operator goes back */
	CHECK_INT(plan_rollback(&e, 'b', &p, &err), 0);
	CHECK(has_op(ENTRY_RENAME, "node-b.efi", "node-b+0-1.efi"));
}

int main(void)
{
	RUN(blessed_name_is_good);
	RUN(counting_names_are_trial_until_no_tries_are_left);
	RUN(fat_names_match_without_case);
	RUN(two_entries_for_one_slot_are_a_conflict);
	RUN(other_files_and_temporaries_are_told_apart);
	RUN(counter_the_boot_loader_cannot_parse_counts_as_good);
	RUN(install_from_a_good_boot_removes_the_other_slots_entries);
	RUN(install_into_an_empty_slot_removes_nothing);
	RUN(install_during_a_trial_boot_is_refused);
	RUN(install_after_a_rollback_mark_is_refused);
	RUN(install_without_an_entry_for_the_booted_slot_is_refused);
	RUN(install_with_duplicate_booted_entries_is_refused);
	RUN(mark_good_renames_the_counting_entry_to_its_blessed_name);
	RUN(mark_good_on_the_last_try_still_blesses);
	RUN(mark_good_removes_a_stale_twin_first);
	RUN(mark_good_keeps_the_case_of_the_name);
	RUN(mark_good_on_a_boot_that_is_not_counting_does_nothing);
	RUN(mark_good_twice_in_one_boot_does_nothing_the_second_time);
	RUN(mark_good_for_the_other_slots_entry_is_refused);
	RUN(mark_good_for_a_name_that_is_not_counting_is_refused);
	RUN(mark_good_when_the_counting_file_is_gone_and_nothing_is_blessed_fails);
	RUN(rollback_marks_the_booted_good_entry_bad);
	RUN(rollback_during_a_trial_keeps_the_tries_done);
	RUN(rollback_is_refused_without_a_good_other_slot);
	RUN(rollback_twice_does_nothing_the_second_time);
	RUN(entry_names_tell_their_slot);
	RUN(trial_name_has_three_tries);
	RUN(too_many_entries_are_refused_rather_than_guessed);
	RUN(a_full_update_cycle_goes_through_every_state);
	return check_done();
}
