#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fs_util.h"
#include "install.h"
#include "install_sink.h"
#include "keyring_load.h"
#include "slot_readback.h"
#include "state_file.h"
#include "uki_file.h"

/* Everything large lives here, once: the verification work area (tree + blocks, aligned for
 * direct I/O in the read-back), the verified manifest, a PE stream. */
static _Alignas(4096) struct bundle_work work;
static struct bundle_result result;
static struct minisign_keyring ring;
static struct pe_stream pe;
static struct install_sink sink_state;

static int partition_bytes(const struct block_part *p, uint64_t *bytes, struct upd_error *err)
{
	int fd = open(p->dev, O_RDONLY | O_CLOEXEC), e;

	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening %s (%s): %s", p->dev, p->label,
				strerror(errno));
	if (ioctl(fd, BLKGETSIZE64, bytes) < 0) {
		e = errno;
		(void)close(fd);
		return upd_fail(err, UPD_ERR_SYS, "size of %s: %s", p->dev, strerror(e));
	}
	(void)close(fd);
	return 0;
}

/* A regular file can be read twice: verified whole first, then installed. */
static int rewindable(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && lseek(fd, 0, SEEK_SET) == 0;
}

static int verify_pass(struct agent *a, int fd, enum sink_mode mode, const struct entry_plan *plan,
		       const struct agent_state *st, struct upd_error *err)
{
	char target = slot_other(a->booted);
	struct bundle_sink sink;
	struct bundle_check check = {
		.keys = &ring,
		.sink = &sink,
		.policy = { PRODUCT_NAME, &a->installed, st->has_floor ? &st->floor : NULL },
	};
	uint64_t part_bytes;

	if (partition_bytes(&a->nd.root[slot_index(target)], &part_bytes, err) < 0)
		return -1;
	memset(&sink_state, 0, sizeof sink_state);
	sink_state.mode = mode;
	sink_state.target = target;
	sink_state.part = &a->nd.root[slot_index(target)];
	sink_state.part_bytes = part_bytes;
	sink_state.esp = &a->esp;
	sink_state.plan = plan;
	sink_state.pe = &pe;
	install_sink_init(&sink_state, &sink);
	if (bundle_verify(fd, &check, &work, &result, err) < 0) {
		install_sink_discard(&sink_state);
		return -1;
	}
	if (!sink_state.root_ok || !sink_state.uki_ok) {
		install_sink_discard(&sink_state);
		return upd_fail(err, UPD_ERR_SYS, "bundle verified but a payload did not reach the "
				"sink");
	}
	return 0;
}

/* Steps 3 and 4: the slot read back and verified, then the UKI checked on the ESP and renamed
 * to its trial name, the directory synced. */
static int commit(struct agent *a, char *entry, size_t cap, struct upd_error *err)
{
	char target = slot_other(a->booted), what[64], dst[NU_PATH_MAX];
	const struct block_part *part = &a->nd.root[slot_index(target)];

	snprintf(what, sizeof what, "reading back slot %c", target);
	if (slot_readback_verify(part->dev, &result.manifest, &work, what, err) < 0)
		return -1;
	if (uki_file_check(sink_state.uki_tmp, &result.manifest, target, &pe, err) < 0)
		return -1;
	slot_trial_name(target, entry, cap);
	if (path_join(dst, sizeof dst, a->esp.linux_dir, entry, err) < 0)
		return -1;
	if (rename(sink_state.uki_tmp, dst) < 0)
		return upd_fail(err, UPD_ERR_SYS, "renaming %s to %s: %s", sink_state.uki_tmp, dst,
				strerror(errno));
	sink_state.uki_tmp[0] = '\0';
	return dir_fsync(a->esp.linux_dir, err);
}

static int install_run(struct agent *a, int fd, const struct agent_state *st, char *entry,
		       size_t cap, struct upd_error *err)
{
	struct esp_entries entries;
	struct entry_plan plan;
	int rc;

	/* nothing open, nothing to discard, until a pass starts */
	sink_state.slot_fd = sink_state.uki_fd = -1;
	sink_state.uki_tmp[0] = '\0';
	if (keyring_load_dir(a->keys_dir, &ring, err) < 0 || agent_find_disk(a, err) < 0)
		return -1;
	/* pass 1 for files: a bundle that is bad anywhere is refused before anything changes */
	if (rewindable(fd)) {
		if (verify_pass(a, fd, SINK_CHECK, NULL, st, err) < 0)
			return -1;
		if (lseek(fd, 0, SEEK_SET) != 0)
			return upd_fail(err, UPD_ERR_SYS, "rewinding the bundle: %s", strerror(errno));
	}
	if (agent_esp_open(a, err) < 0)
		return -1;
	rc = esp_scan(&a->esp, &entries, err) < 0 ||
	     plan_install(&entries, a->booted, &plan, err) < 0 ||
	     verify_pass(a, fd, SINK_WRITE, &plan, st, err) < 0 ||
	     commit(a, entry, cap, err) < 0 ? -1 : 0;
	install_sink_discard(&sink_state);
	agent_esp_close(a);
	return rc;
}

int install_bundle(struct agent *a, int fd, const char *name, struct upd_error *err)
{
	char entry[BLS_NAME_MAX + 1], v[VERSION_STR_MAX];
	struct agent_state st;
	struct manifest parsed;
	struct upd_error serr;
	int rc;

	memset(&parsed, 0, sizeof parsed);
	if (state_load(a->state_dir, &st, err) < 0)
		return -1;
	memset(&result, 0, sizeof result);
	rc = install_run(a, fd, &st, entry, sizeof entry, err);
	if (rc < 0)
		upd_error_prefix(err, "bundle %s: ", name);
	st.last = rc == 0 ? LAST_OK : err->kind == UPD_ERR_POLICY ? LAST_REFUSED : LAST_FAILED;
	/* the version is known once the signature verified and the manifest parsed */
	st.has_last_version = result.manifest_len > 0 &&
			      manifest_parse(result.manifest_text, result.manifest_len, &parsed,
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
		       version_format(&result.manifest.version, v), slot_other(a->booted), entry);
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
