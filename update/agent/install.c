#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "install.h"
#include "keyring_load.h"
#include "slot_write.h"
#include "state_file.h"

static struct minisign_keyring ring;

/* The slot that is not booted, as slot_write sees it. */
static int target_of(struct agent *a, const struct esp *esp, const struct entry_plan *plan,
		     struct slot_target *t, struct upd_error *err)
{
	t->slot = slot_other(a->booted);
	t->part = &a->nd.root[slot_index(t->slot)];
	t->esp = esp;
	t->plan = plan;
	return slot_part_bytes(t->part, &t->part_bytes, err);
}

static int verify_pass(struct agent *a, int fd, enum sink_mode mode, const struct entry_plan *plan,
		       const struct agent_state *st, struct slot_target *t, struct upd_error *err)
{
	struct bundle_policy policy = { PRODUCT_NAME, &a->installed,
					st->has_floor ? &st->floor : NULL };

	if (target_of(a, &a->esp, plan, t, err) < 0)
		return -1;
	return slot_pass(fd, &ring, &policy, t, mode, err);
}

/* A regular file can be read twice: verified whole first, then installed. */
static int rewindable(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && lseek(fd, 0, SEEK_SET) == 0;
}

/* Steps 3 and 4: the slot read back and verified, then the UKI checked on the ESP and renamed
 * to its trial name, the directory synced. */
static int commit(const struct slot_target *t, char *entry, size_t cap, struct upd_error *err)
{
	slot_trial_name(t->slot, entry, cap);
	return slot_commit(t, entry, err);
}

static int install_run(struct agent *a, int fd, const struct agent_state *st, char *entry,
		       size_t cap, struct upd_error *err)
{
	struct esp_entries entries;
	struct entry_plan plan;
	struct slot_target t;
	int rc;

	if (keyring_load_dir(a->keys_dir, &ring, err) < 0 || agent_find_disk(a, err) < 0)
		return -1;
	/* pass 1 for files: a bundle that is bad anywhere is refused before anything changes */
	if (rewindable(fd)) {
		if (verify_pass(a, fd, SINK_CHECK, NULL, st, &t, err) < 0)
			return -1;
		if (lseek(fd, 0, SEEK_SET) != 0)
			return upd_fail(err, UPD_ERR_SYS, "rewinding the bundle: %s", strerror(errno));
	}
	if (agent_esp_open(a, err) < 0)
		return -1;
	rc = esp_scan(&a->esp, &entries, err) < 0 ||
	     plan_install(&entries, a->booted, &plan, err) < 0 ||
	     verify_pass(a, fd, SINK_WRITE, &plan, st, &t, err) < 0 ||
	     commit(&t, entry, cap, err) < 0 ? -1 : 0;
	slot_discard();
	agent_esp_close(a);
	return rc;
}

int install_bundle(struct agent *a, int fd, const char *name, struct upd_error *err)
{
	char entry[BLS_NAME_MAX + 1], v[VERSION_STR_MAX];
	struct agent_state st;
	struct manifest parsed;
	const struct bundle_result *result = slot_result();
	struct upd_error serr;
	int rc;

	memset(&parsed, 0, sizeof parsed);
	if (state_load(a->state_dir, &st, err) < 0)
		return -1;
	slot_reset();
	rc = install_run(a, fd, &st, entry, sizeof entry, err);
	if (rc < 0)
		upd_error_prefix(err, "bundle %s: ", name);
	st.last = rc == 0 ? LAST_OK : err->kind == UPD_ERR_POLICY ? LAST_REFUSED : LAST_FAILED;
	/* the version is known once the signature verified and the manifest parsed */
	st.has_last_version = result->manifest_len > 0 &&
			      manifest_parse(result->manifest_text, result->manifest_len, &parsed,
					     NULL) == 0;
	st.last_version = parsed.version;
	st.last_time = (uint64_t)time(NULL);
	state_text_set(st.last_bundle, name);
	state_text_set(st.last_error, rc == 0 ? "" : err->msg);
	if (state_save(a->state_dir, &st, &serr) < 0) {
		if (rc == 0) {
			*err = serr;
			upd_error_prefix(err, "installed, but recording the result failed: ");
			return -1;
		}
		agent_warn("recording the result: %s", serr.msg);
	}
	if (rc == 0)
		printf("installed %s into slot %c as %s: it boots next, on trial\n",
		       version_format(&result->manifest.version, v), slot_other(a->booted), entry);
	return rc;
}

int install_ready(struct agent *a, struct upd_error *err)
{
	struct esp_entries entries;
	struct entry_plan plan;
	int rc;

	if (agent_esp_open(a, err) < 0)
		return -1;
	rc = esp_scan(&a->esp, &entries, err) < 0 ||
	     plan_install(&entries, a->booted, &plan, err) < 0 ? -1 : 0;
	agent_esp_close(a);
	return rc;
}
