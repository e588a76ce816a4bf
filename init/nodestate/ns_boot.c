/*
 * Slot and trial come from init (/run/node/booted-slot, /run/node/trial: what the stage that
 * mounted the root knew). The boot counter is published by nobody but systemd-boot: it is the
 * +LEFT-DONE of the entry LoaderBootCountPath names (efivarfs, which stage 2 mounts), parsed with
 * the update agent's own code so both read the same thing.
 */
#include <stdio.h>
#include <string.h>

#include "../../update/agent/bootcount_var.h"
#include "nodestate.h"

/* A one-line file holding one of two characters. 1 read, 0 absent, -1 failed (source failed). */
static int one_char_file(struct node_state *st, enum ns_source src, const char *root,
			 const char *rel, const char *allowed, char *out)
{
	char buf[NS_SMALL_FILE_MAX], why[NS_ERR_MAX];
	size_t len;
	int rc = ns_file_read(root, rel, buf, sizeof buf, &len, why, sizeof why);

	if (rc < 0) {
		ns_fail(st, src, "%s", why);
		return -1;
	}
	if (rc > 0)
		return 0;
	if (len != 2 || buf[1] != '\n' || buf[0] == '\0' || strchr(allowed, buf[0]) == NULL) {
		ns_fail(st, src, "%s: not one line holding one of \"%s\" (%zu bytes)", rel, allowed,
			len);
		return -1;
	}
	*out = buf[0];
	return 1;
}

static void boot_count(struct node_state *st, const char *root, int trial_known)
{
	char dir[NS_PATH_MAX];
	struct bootcount_path bc;
	struct bls_name b;
	struct upd_error err;
	int rc;

	if (ns_path(dir, sizeof dir, root, NS_EFIVARS) != 0) {
		ns_fail(st, NS_SRC_BOOTCOUNT, "path %s under %s is too long", NS_EFIVARS, root);
		return;
	}
	rc = bootcount_var_read(dir, &bc, &err);
	if (rc < 0) {
		ns_fail(st, NS_SRC_BOOTCOUNT, "%s", err.msg);
		return;
	}
	if (rc == 0) {
		/* absent: no counter; if init said "trial", the variable should be there */
		if (trial_known && st->trial) {
			ns_fail(st, NS_SRC_BOOTCOUNT, "%s says trial boot, but %s/%s is absent "
				"(efivarfs not mounted?)", NS_TRIAL, NS_EFIVARS, BOOTCOUNT_VAR_FILE);
			return;
		}
		st->counting = 0;
		st->known[NS_SRC_BOOTCOUNT] = 1;
		if (!trial_known) {
			st->trial = 0;	/* init's view missing: the variable's absence is the answer */
			st->known[NS_SRC_TRIAL] = st->err[NS_SRC_TRIAL][0] == '\0';
		}
		return;
	}
	if (bls_name_parse(bc.name, &b, &err) != 0) {
		ns_fail(st, NS_SRC_BOOTCOUNT, "LoaderBootCountPath %s: %s", bc.path, err.msg);
		return;
	}
	st->counting = b.counting;
	st->tries_left = b.left;
	st->tries_done = b.done;
	st->known[NS_SRC_BOOTCOUNT] = 1;
	if (!trial_known) {
		st->trial = b.counting;
		st->known[NS_SRC_TRIAL] = st->err[NS_SRC_TRIAL][0] == '\0';
	}
}

void ns_collect_boot(struct node_state *st, const char *root)
{
	char c = 0;
	int rc;

	rc = one_char_file(st, NS_SRC_SLOT, root, NS_BOOTED_SLOT, "ab", &c);
	if (rc > 0) {
		st->slot = c;
		st->known[NS_SRC_SLOT] = 1;
	} else if (rc == 0) {
		ns_fail(st, NS_SRC_SLOT, "%s does not exist (init knew no slot, or is not this "
			"node's init)", NS_BOOTED_SLOT);
	}
	rc = one_char_file(st, NS_SRC_TRIAL, root, NS_TRIAL, "01", &c);
	if (rc > 0) {
		st->trial = c == '1';
		st->known[NS_SRC_TRIAL] = 1;
	}
	boot_count(st, root, rc > 0);
	if (rc == 0 && !st->known[NS_SRC_TRIAL])
		ns_fail(st, NS_SRC_TRIAL, "%s does not exist and LoaderBootCountPath could not "
			"stand in for it", NS_TRIAL);
}
