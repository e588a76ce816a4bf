#include <stdio.h>
#include <string.h>

#include "booted_slot.h"
#include "disk_find.h"
#include "fs_util.h"
#include "kernel_cmdline.h"
#include "slot_entries.h"

/* 1 with *slot from node.slot=, 0 if the command line has none, -1 with err. */
static int from_cmdline(const char *path, char *slot, struct upd_error *err)
{
	char buf[CMDLINE_MAX + 1], v[CMDLINE_VALUE_MAX];
	size_t len;
	int rc = file_read_small(path, buf, sizeof buf, &len, err);

	if (rc == 1)
		return 0;
	if (rc < 0)
		return -1;
	rc = cmdline_value(buf, len, "node.slot", v, sizeof v, err);
	if (rc < 0) {
		upd_error_prefix(err, "%s: ", path);
		return -1;
	}
	if (rc == 0)
		return 0;
	*slot = slot_from_string(v);
	if (*slot == 0)
		return upd_fail(err, UPD_ERR_SYS, "%s: node.slot=%s is neither a nor b", path, v);
	return 1;
}

/* 1 with *slot from init's /run/node/booted-slot, 0 if absent, -1 with err. */
static int from_run_node(char *slot, struct upd_error *err)
{
	char buf[8];
	size_t len;
	int rc = file_read_small(RUN_NODE_BOOTED_SLOT, buf, sizeof buf, &len, err);

	if (rc == 1)
		return 0;
	if (rc < 0)
		return -1;
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	*slot = slot_from_string(buf);
	if (*slot == 0)
		return upd_fail(err, UPD_ERR_SYS, "%s holds \"%s\", not a or b", RUN_NODE_BOOTED_SLOT,
				buf);
	return 1;
}

/* 1 with *slot from LoaderEntrySelected, 0 if absent, -1 with err. */
static int from_entry_selected(const char *dir, char *slot, struct upd_error *err)
{
	uint8_t buf[EFIVAR_MAX + 1];
	char name[EFIVAR_STRING_MAX + 1];
	uint32_t attr;
	size_t len;
	int rc = efivar_read(dir, ENTRY_SELECTED_VAR_FILE, buf, &len, err);

	if (rc <= 0)
		return rc;
	if (efivar_string_parse(buf, len, "LoaderEntrySelected", &attr, name, sizeof name, err) < 0)
		return -1;
	*slot = slot_of_entry_name(name);
	if (*slot == 0)
		return upd_fail(err, UPD_ERR_SYS, "LoaderEntrySelected \"%s\" is no slot's entry", name);
	return 1;
}

int booted_slot_detect(const char *cmdline_path, const char *efivars_dir, char *slot, char *how,
		       size_t cap, struct upd_error *err)
{
	char label[64], mounted = 0, published = 0, from_cl = 0;

	if (root_partition_label(label, sizeof label) && strncmp(label, "root-", 5) == 0)
		mounted = slot_from_string(label + 5);
	if (from_run_node(&published, err) < 0 || from_cmdline(cmdline_path, &from_cl, err) < 0)
		return -1;
	if (mounted != 0) {
		if (published != 0 && published != mounted)
			return upd_fail(err, UPD_ERR_SYS, "the running root is on %s but %s says %c",
					label, RUN_NODE_BOOTED_SLOT, published);
		if (from_cl != 0 && from_cl != mounted)
			return upd_fail(err, UPD_ERR_SYS, "the running root is on %s but the kernel "
					"command line says node.slot=%c", label, from_cl);
		*slot = mounted;
		snprintf(how, cap, "the running root is on %s", label);
		return 0;
	}
	if (published != 0) {
		*slot = published;
		snprintf(how, cap, "%s", RUN_NODE_BOOTED_SLOT);
		return 0;
	}
	if (from_cl != 0) {
		*slot = from_cl;
		snprintf(how, cap, "node.slot= in %s", cmdline_path);
		return 0;
	}
	switch (from_entry_selected(efivars_dir, slot, err)) {
	case 1:
		snprintf(how, cap, "LoaderEntrySelected");
		return 0;
	case 0:
		return upd_fail(err, UPD_ERR_SYS, "cannot tell which slot is booted: / is not on a "
				"root-a or root-b partition, there is no %s, %s has no node.slot= "
				"and there is no LoaderEntrySelected (use --booted a|b)",
				RUN_NODE_BOOTED_SLOT, cmdline_path);
	default:
		return -1;
	}
}
