#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fs_util.h"
#include "slot_readback.h"
#include "slot_write.h"
#include "uki_file.h"

/* Everything large lives here, once: the verification work area (tree + blocks, aligned for
 * direct I/O in the read-back), the verified manifest, a PE stream. */
static _Alignas(4096) struct bundle_work work;
static struct bundle_result result;
static struct pe_stream pe;
static struct install_sink sink_state = { .slot_fd = -1, .uki_fd = -1 };

int slot_part_bytes(const struct block_part *p, uint64_t *bytes, struct upd_error *err)
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

void slot_reset(void)
{
	memset(&result, 0, sizeof result);
}

const struct bundle_result *slot_result(void)
{
	return &result;
}

int slot_pass(int fd, const struct minisign_keyring *ring, const struct bundle_policy *policy,
	      const struct slot_target *t, enum sink_mode mode, struct upd_error *err)
{
	struct bundle_sink sink;
	struct bundle_check check = { .keys = ring, .sink = &sink, .policy = *policy };

	memset(&sink_state, 0, sizeof sink_state);
	sink_state.mode = mode;
	sink_state.target = t->slot;
	sink_state.part = t->part;
	sink_state.part_bytes = t->part_bytes;
	sink_state.esp = t->esp;
	sink_state.plan = t->plan;
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

int slot_commit(const struct slot_target *t, const char *entry, struct upd_error *err)
{
	char what[64], dst[NU_PATH_MAX];

	snprintf(what, sizeof what, "reading back slot %c", t->slot);
	if (slot_readback_verify(t->part->dev, &result.manifest, &work, what, err) < 0)
		return -1;
	if (uki_file_check(sink_state.uki_tmp, &result.manifest, t->slot, &pe, err) < 0)
		return -1;
	if (path_join(dst, sizeof dst, t->esp->linux_dir, entry, err) < 0)
		return -1;
	if (rename(sink_state.uki_tmp, dst) < 0)
		return upd_fail(err, UPD_ERR_SYS, "renaming %s to %s: %s", sink_state.uki_tmp, dst,
				strerror(errno));
	sink_state.uki_tmp[0] = '\0';
	return dir_fsync(t->esp->linux_dir, err);
}

void slot_discard(void)
{
	install_sink_discard(&sink_state);
}
