#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "slot_entries.h"

int slot_index(char slot)
{
	return slot == 'a' ? 0 : slot == 'b' ? 1 : -1;
}

char slot_other(char slot)
{
	return slot == 'a' ? 'b' : 'a';
}

const char *slot_state_name(enum slot_state s)
{
	static const char *const names[] = { "none", "good", "trial", "bad", "conflict" };

	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

void esp_entries_init(struct esp_entries *e)
{
	memset(e, 0, sizeof *e);
}

/* Which slot a lowercased name belongs to: "node-a.efi", "node-a+..." -> 'a'. */
static char entry_slot(const char *lower)
{
	size_t stem = strlen(SLOT_ENTRY_STEM), suf = strlen(SLOT_ENTRY_SUFFIX), n = strlen(lower);

	if (n < stem + 1 + suf || strncmp(lower, SLOT_ENTRY_STEM, stem) != 0 ||
	    strcmp(lower + n - suf, SLOT_ENTRY_SUFFIX) != 0 || slot_index(lower[stem]) < 0)
		return 0;
	if (lower[stem + 1] != '+' && stem + 1 != n - suf)
		return 0;
	return lower[stem];
}

char slot_of_entry_name(const char *name)
{
	char lower[BLS_NAME_MAX + 1];
	size_t i, n = strlen(name);

	if (n > BLS_NAME_MAX)
		return 0;
	for (i = 0; i <= n; i++)
		lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
	return entry_slot(lower);
}

int esp_entries_add(struct esp_entries *e, const char *name, struct upd_error *err)
{
	char lower[BLS_NAME_MAX + 1];
	struct slot_view *v;
	struct slot_entry *en;
	size_t i, n = strlen(name);
	char slot;

	if (n == 0 || n > BLS_NAME_MAX)
		return 0;
	for (i = 0; i <= n; i++)
		lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
	if (strncmp(lower, SLOT_TEMP_PREFIX, strlen(SLOT_TEMP_PREFIX)) == 0) {
		if (e->temps == SLOT_TEMPS_MAX)
			return upd_fail(err, UPD_ERR_BAD, "more than %d %s* files in EFI/Linux",
					SLOT_TEMPS_MAX, SLOT_TEMP_PREFIX);
		memcpy(e->temp[e->temps++], name, n + 1);
		return 0;
	}
	slot = entry_slot(lower);
	if (slot == 0) {
		e->others++;
		return 0;
	}
	v = &e->slot[slot_index(slot)];
	if (v->count == SLOT_ENTRIES_PER_SLOT)
		return upd_fail(err, UPD_ERR_BAD, "more than %d entries for slot %c in EFI/Linux",
				SLOT_ENTRIES_PER_SLOT, slot);
	en = &v->entry[v->count++];
	memcpy(en->name, name, n + 1);
	/* a counter systemd-boot cannot parse makes it boot the entry as uncounted, i.e. good */
	if (bls_name_parse(lower, &en->bls, NULL) < 0) {
		memset(&en->bls, 0, sizeof en->bls);
		snprintf(en->bls.stem, sizeof en->bls.stem, "%s%c", SLOT_ENTRY_STEM, slot);
		memcpy(en->bls.suffix, SLOT_ENTRY_SUFFIX, sizeof SLOT_ENTRY_SUFFIX);
	}
	return 0;
}

void esp_entries_done(struct esp_entries *e)
{
	unsigned i;

	for (i = 0; i < SLOT_COUNT; i++) {
		struct slot_view *v = &e->slot[i];

		if (v->count == 0)
			v->state = SLOT_NONE;
		else if (v->count > 1)
			v->state = SLOT_CONFLICT;
		else if (!v->entry[0].bls.counting)
			v->state = SLOT_GOOD;
		else
			v->state = v->entry[0].bls.left == 0 ? SLOT_BAD : SLOT_TRIAL;
	}
}

void slot_trial_name(char slot, char *out, size_t cap)
{
	snprintf(out, cap, "%s%c+%d%s", SLOT_ENTRY_STEM, slot, SLOT_TRIAL_TRIES, SLOT_ENTRY_SUFFIX);
}

void slot_good_name(char slot, char *out, size_t cap)
{
	snprintf(out, cap, "%s%c%s", SLOT_ENTRY_STEM, slot, SLOT_ENTRY_SUFFIX);
}

static void op_remove(struct entry_plan *p, const char *name)
{
	struct entry_op *o = &p->op[p->n++];

	o->kind = ENTRY_REMOVE;
	snprintf(o->from, sizeof o->from, "%s", name);
	o->to[0] = '\0';
}

static void op_rename(struct entry_plan *p, const char *from, const char *to)
{
	struct entry_op *o = &p->op[p->n++];

	o->kind = ENTRY_RENAME;
	snprintf(o->from, sizeof o->from, "%s", from);
	snprintf(o->to, sizeof o->to, "%s", to);
}

/* "node-a+0-1.efi, node-a.efi" for messages */
static const char *entry_list(const struct slot_view *v, char *out, size_t cap)
{
	size_t used = 0;
	unsigned i;

	out[0] = '\0';
	for (i = 0; i < v->count && used < cap; i++) {
		int n = snprintf(out + used, cap - used, "%s%s", i ? ", " : "", v->entry[i].name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	return v->count ? out : "no entry";
}

int plan_install(const struct esp_entries *e, char booted, struct entry_plan *p,
		 struct upd_error *err)
{
	const struct slot_view *cur, *tgt;
	char list[BLS_NAME_MAX * 2];
	unsigned i;

	p->n = 0;
	if (slot_index(booted) < 0)
		return upd_fail(err, UPD_ERR_BAD, "booted slot is not a or b");
	cur = &e->slot[slot_index(booted)];
	tgt = &e->slot[slot_index(slot_other(booted))];
	switch (cur->state) {
	case SLOT_GOOD:
		break;
	case SLOT_TRIAL:
		return upd_fail(err, UPD_ERR_POLICY,
				"the booted slot %c is on trial (%s): bless it with `nodeupdate "
				"mark-good` or let it fall back before installing into slot %c, "
				"which is its fallback",
				booted, cur->entry[0].name, slot_other(booted));
	case SLOT_BAD:
		return upd_fail(err, UPD_ERR_POLICY,
				"the booted slot %c is marked bad (%s): slot %c boots next and must "
				"not be overwritten; reboot first",
				booted, cur->entry[0].name, slot_other(booted));
	case SLOT_NONE:
		return upd_fail(err, UPD_ERR_POLICY,
				"the booted slot %c has no boot entry on the ESP: slot %c may be the "
				"only slot that boots, so it is not overwritten",
				booted, slot_other(booted));
	case SLOT_CONFLICT:
	default:
		return upd_fail(err, UPD_ERR_POLICY,
				"the booted slot %c has several boot entries (%s): run `nodeupdate "
				"mark-good` to settle them first",
				booted, entry_list(cur, list, sizeof list));
	}
	for (i = 0; i < tgt->count; i++)
		op_remove(p, tgt->entry[i].name);
	for (i = 0; i < e->temps; i++)
		op_remove(p, e->temp[i]);
	return 0;
}

int plan_mark_good(const struct esp_entries *e, char booted, const char *counting_name,
		   struct entry_plan *p, struct upd_error *err)
{
	const struct slot_view *cur;
	char lower[BLS_NAME_MAX + 1], blessed[BLS_NAME_MAX + 1];
	struct bls_name b;
	const struct slot_entry *found = NULL;
	size_t i, n;
	char slot;

	p->n = 0;
	if (counting_name == NULL)
		return 0;
	if (slot_index(booted) < 0)
		return upd_fail(err, UPD_ERR_BAD, "booted slot is not a or b");
	cur = &e->slot[slot_index(booted)];
	n = strlen(counting_name);
	if (n > BLS_NAME_MAX)
		return upd_fail(err, UPD_ERR_BAD, "LoaderBootCountPath name is too long");
	for (i = 0; i <= n; i++)
		lower[i] = (char)(counting_name[i] >= 'A' && counting_name[i] <= 'Z'
					  ? counting_name[i] - 'A' + 'a' : counting_name[i]);
	slot = entry_slot(lower);
	if (slot == 0 || bls_name_parse(lower, &b, NULL) < 0 || !b.counting)
		return upd_fail(err, UPD_ERR_BAD,
				"LoaderBootCountPath names %s, which is not a counting entry of a "
				"slot (node-a+L-D.efi or node-b+L-D.efi)", counting_name);
	if (slot != booted)
		return upd_fail(err, UPD_ERR_BAD,
				"LoaderBootCountPath names %s, an entry of slot %c, but slot %c is "
				"booted (node.slot)", counting_name, slot, booted);
	for (i = 0; i < cur->count; i++)
		if (strcasecmp(cur->entry[i].name, counting_name) == 0)
			found = &cur->entry[i];
	if (found == NULL) {
		/* mark-good ran before in this boot: the variable still names the old file */
		if (cur->state == SLOT_GOOD)
			return 0;
		return upd_fail(err, UPD_ERR_BAD,
				"LoaderBootCountPath names %s, which is not in EFI/Linux, and slot %c "
				"has no blessed entry", counting_name, booted);
	}
	b = found->bls;
	b.counting = 0;
	/* keep the stem's case as it is on the ESP */
	memcpy(b.stem, found->name, strlen(b.stem));
	if (bls_name_format(&b, blessed, sizeof blessed, err) < 0)
		return -1;
	for (i = 0; i < cur->count; i++)
		if (&cur->entry[i] != found)
			op_remove(p, cur->entry[i].name);
	op_rename(p, found->name, blessed);
	return 0;
}

int plan_rollback(const struct esp_entries *e, char booted, struct entry_plan *p,
		  struct upd_error *err)
{
	const struct slot_view *cur, *oth;
	char list[BLS_NAME_MAX * 2], bad[BLS_NAME_MAX + 1];
	struct bls_name b;
	char other = slot_other(booted);

	p->n = 0;
	if (slot_index(booted) < 0)
		return upd_fail(err, UPD_ERR_BAD, "booted slot is not a or b");
	cur = &e->slot[slot_index(booted)];
	oth = &e->slot[slot_index(other)];
	if (oth->state != SLOT_GOOD)
		return upd_fail(err, UPD_ERR_POLICY,
				"slot %c has no good boot entry to roll back to (%s: %s); rollback "
				"only goes to a slot that has booted and been blessed",
				other, slot_state_name(oth->state), entry_list(oth, list, sizeof list));
	if (cur->state == SLOT_BAD)
		return 0;
	if (cur->state != SLOT_GOOD && cur->state != SLOT_TRIAL)
		return upd_fail(err, UPD_ERR_POLICY,
				"the booted slot %c has %s (%s): cannot mark it bad",
				booted, cur->state == SLOT_NONE ? "no boot entry" : "several entries",
				entry_list(cur, list, sizeof list));
	b = cur->entry[0].bls;
	memcpy(b.stem, cur->entry[0].name, strlen(b.stem));
	b.done = b.counting && b.has_done && b.done > 0 ? b.done : 1;
	b.counting = 1;
	b.has_done = 1;
	b.left = 0;
	if (bls_name_format(&b, bad, sizeof bad, err) < 0)
		return -1;
	op_rename(p, cur->entry[0].name, bad);
	return 0;
}
