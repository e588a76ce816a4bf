#include <stdio.h>
#include <string.h>

#include "disk_choose.h"
#include "size_text.h"

#define LOGICAL_SECTOR 512                /* gpt_layout writes 512-byte sector tables only */

/* Why d can never be the target, whatever the rule, into d->why. 1 if so, else 0. */
static int unfit(struct disk_info *d, uint64_t min_bytes)
{
	char a[SIZE_TEXT_MAX], b[SIZE_TEXT_MAX];

	if (d->never != NULL)
		snprintf(d->why, sizeof d->why, "%s, never a target", d->never);
	else if (d->not_disk)
		snprintf(d->why, sizeof d->why, "named by --not-disk (the installer's medium)");
	else if (d->bytes == 0)
		snprintf(d->why, sizeof d->why, "empty (size 0)");
	else if (d->busy[0] != '\0')
		snprintf(d->why, sizeof d->why, "in use: %s", d->busy);
	else if (d->sector_bytes != 0 && d->sector_bytes != LOGICAL_SECTOR)
		snprintf(d->why, sizeof d->why, "%u-byte logical sectors (only %d are supported)",
			 d->sector_bytes, LOGICAL_SECTOR);
	else if (d->bytes < min_bytes)
		snprintf(d->why, sizeof d->why, "too small: %s, the layout needs at least %s",
			 size_text(d->bytes, a), size_text(min_bytes, b));
	else
		return 0;
	return 1;
}

static int first_non_removable(struct disk_list *l, uint64_t min_bytes, unsigned *chosen,
			       struct upd_error *err)
{
	int found = 0;
	unsigned i;

	for (i = 0; i < l->n; i++) {
		struct disk_info *d = &l->d[i];

		if (unfit(d, min_bytes))
			continue;
		if (found)
			snprintf(d->why, sizeof d->why, "not the first");
		else if (d->removable)
			snprintf(d->why, sizeof d->why, "removable");
		else if (d->usb)
			snprintf(d->why, sizeof d->why, "on a USB bus");
		else
			found = 1, *chosen = i;
	}
	if (found)
		return 0;
	return upd_fail(err, UPD_ERR_POLICY, "no disk fits `disk first-non-removable`: of the %u "
			"disks seen none may be a target that is neither removable nor on a USB "
			"bus", l->n);
}

static int by_name(struct disk_list *l, const char *name, uint64_t min_bytes, unsigned *chosen,
		   struct upd_error *err)
{
	unsigned i, match = l->n;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->d[i].name, name) == 0)
			match = i;
		else if (!unfit(&l->d[i], min_bytes))
			snprintf(l->d[i].why, sizeof l->d[i].why, "not named %s", name);
	}
	if (match == l->n)
		return upd_fail(err, UPD_ERR_POLICY, "no disk is named %s (`disk name %s`; %u disks "
				"seen)", name, name, l->n);
	if (unfit(&l->d[match], min_bytes))
		return upd_fail(err, UPD_ERR_POLICY, "disk %s (`disk name %s`) cannot be the target: "
				"%s", name, name, l->d[match].why);
	*chosen = match;
	return 0;
}

static int by_serial(struct disk_list *l, const char *serial, uint64_t min_bytes,
		     unsigned *chosen, struct upd_error *err)
{
	unsigned i, count = 0, first = l->n, second = l->n;

	for (i = 0; i < l->n; i++) {
		struct disk_info *d = &l->d[i];

		if (strcmp(d->serial, serial) != 0) {
			if (!unfit(d, min_bytes))
				snprintf(d->why, sizeof d->why, "%s", d->serial[0] ?
					 "another serial" : "no serial");
			continue;
		}
		if (count++ == 0)
			first = i;
		else if (count == 2)
			second = i;
	}
	if (count == 0)
		return upd_fail(err, UPD_ERR_POLICY, "no disk has serial %s (`disk serial %s`; %u "
				"disks seen)", serial, serial, l->n);
	if (count > 1) {
		for (i = 0; i < l->n; i++)
			if (strcmp(l->d[i].serial, serial) == 0)
				snprintf(l->d[i].why, sizeof l->d[i].why, "one of %u disks with this "
					 "serial", count);
		return upd_fail(err, UPD_ERR_POLICY, "%u disks have serial %s (%s, %s%s): refusing "
				"to guess which to overwrite; use `disk name`",
				count, serial, l->d[first].name, l->d[second].name,
				count > 2 ? ", ..." : "");
	}
	if (unfit(&l->d[first], min_bytes))
		return upd_fail(err, UPD_ERR_POLICY, "disk %s (`disk serial %s`) cannot be the "
				"target: %s", l->d[first].name, serial,
				l->d[first].why);
	*chosen = first;
	return 0;
}

int disk_choose(struct disk_list *l, enum provision_disk_rule rule, const char *arg,
		uint64_t min_bytes, unsigned *chosen, struct upd_error *err)
{
	unsigned i;
	int rc;

	for (i = 0; i < l->n; i++)
		l->d[i].why[0] = '\0';
	switch (rule) {
	case DISK_RULE_FIRST_NON_REMOVABLE:
		rc = first_non_removable(l, min_bytes, chosen, err);
		break;
	case DISK_RULE_NAME:
		rc = by_name(l, arg, min_bytes, chosen, err);
		break;
	case DISK_RULE_SERIAL:
		rc = by_serial(l, arg, min_bytes, chosen, err);
		break;
	default:
		return upd_fail(err, UPD_ERR_BAD, "no disk rule");
	}
	if (rc == 0)
		l->d[*chosen].why[0] = '\0';
	return rc;
}

const char *disk_describe(const struct disk_info *d, char *out, size_t cap)
{
	char sz[SIZE_TEXT_MAX], serial[DISK_SERIAL_MAX + 16];

	if (d->serial[0] != '\0')
		snprintf(serial, sizeof serial, "serial \"%s\"", d->serial);
	else
		snprintf(serial, sizeof serial, "no serial");
	snprintf(out, cap, "%s: %s, %s, %s, %s", d->name, d->bytes ? size_text(d->bytes, sz) : "size 0",
		 d->removable ? "removable" : "not removable", d->usb ? "on USB" : "not on USB",
		 serial);
	return out;
}
