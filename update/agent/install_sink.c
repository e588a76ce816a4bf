#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fs_util.h"
#include "install_sink.h"
#include "uki_info.h"

static int root_begin(struct install_sink *s, struct upd_error *err)
{
	if (s->root_bytes > s->part_bytes)
		return upd_fail(err, UPD_ERR_POLICY, "%llu bytes do not fit %s (%s, %llu bytes)",
				(unsigned long long)s->root_bytes, s->part->label, s->part->dev,
				(unsigned long long)s->part_bytes);
	if (s->mode == SINK_CHECK)
		return 0;
	/* step 1: from here on the target slot is incomplete, so nothing may boot it */
	if (esp_apply(s->esp, s->plan, err) < 0) {
		upd_error_prefix(err, "removing slot %c's boot entries: ", s->target);
		return -1;
	}
	/* O_EXCL on a block device: refused while it is mounted or held by device-mapper */
	s->slot_fd = open(s->part->dev, O_WRONLY | O_EXCL | O_CLOEXEC);
	if (s->slot_fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening %s (%s) for writing: %s", s->part->dev,
				s->part->label, strerror(errno));
	return 0;
}

static int uki_begin(struct install_sink *s, struct upd_error *err)
{
	char name[64];

	s->pe_failed = 0;
	if (s->mode == SINK_CHECK) {
		uki_stream_init(s->pe);
		return 0;
	}
	snprintf(name, sizeof name, "%s%c.tmp", SLOT_TEMP_PREFIX, s->target);
	if (path_join(s->uki_tmp, sizeof s->uki_tmp, s->esp->linux_dir, name, err) < 0)
		return -1;
	(void)unlink(s->uki_tmp);
	s->uki_fd = open(s->uki_tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (s->uki_fd < 0) {
		int e = errno;

		s->uki_tmp[0] = '\0';
		return upd_fail(err, UPD_ERR_SYS, "creating %s/%s: %s", s->esp->linux_dir, name,
				strerror(e));
	}
	return 0;
}

static int sink_begin(void *ctx, enum manifest_payload_index which, const struct manifest *m,
		      struct upd_error *err)
{
	struct install_sink *s = ctx;

	s->which = which;
	s->m = m;
	if (which == MANIFEST_ROOT) {
		s->root_bytes = (m->data_blocks + m->hash_blocks) * VERITY_BLOCK_SIZE;
		snprintf(s->prog_what, sizeof s->prog_what, "%s slot %c",
			 s->mode == SINK_CHECK ? "verifying the bundle for" : "writing", s->target);
		progress_start(&s->prog, s->prog_what,
			       m->payload[MANIFEST_ROOT].size + m->payload[MANIFEST_UKI].size);
		return root_begin(s, err);
	}
	return uki_begin(s, err);
}

static int sink_chunk(void *ctx, uint64_t off, const uint8_t *buf, size_t len,
		      struct upd_error *err)
{
	struct install_sink *s = ctx;

	progress_add(&s->prog, len);
	if (s->which == MANIFEST_ROOT) {
		if (off > s->root_bytes || len > s->root_bytes - off)
			return upd_fail(err, UPD_ERR_BAD, "chunk at %llu is outside the slot image",
					(unsigned long long)off);
		if (s->mode == SINK_CHECK)
			return 0;
		if (fd_pwrite_all(s->slot_fd, buf, len, off) < 0)
			return upd_fail(err, UPD_ERR_SYS, "writing %s: %s", s->part->dev,
					strerror(errno));
		return 0;
	}
	if (s->mode == SINK_CHECK) {
		/* not authenticated yet: remember a PE complaint, report it only if the sha256
		 * matches (a corrupt download is reported as such) */
		if (!s->pe_failed && pe_stream_feed(s->pe, buf, len, &s->pe_err) < 0)
			s->pe_failed = 1;
		return 0;
	}
	if (fd_pwrite_all(s->uki_fd, buf, len, off) < 0)
		return upd_fail(err, UPD_ERR_SYS, "writing %s: %s", s->uki_tmp, strerror(errno));
	return 0;
}

static int root_end(struct install_sink *s, int ok, struct upd_error *err)
{
	int e;

	if (s->mode == SINK_CHECK) {
		s->root_ok = ok;
		return 0;
	}
	if (!ok) {
		(void)close(s->slot_fd);
		s->slot_fd = -1;
		return 0;
	}
	if (fsync(s->slot_fd) < 0) {
		e = errno;
		(void)close(s->slot_fd);
		s->slot_fd = -1;
		return upd_fail(err, UPD_ERR_SYS, "fsync of %s: %s", s->part->dev, strerror(e));
	}
	e = close(s->slot_fd);
	s->slot_fd = -1;
	if (e < 0)
		return upd_fail(err, UPD_ERR_SYS, "closing %s: %s", s->part->dev, strerror(errno));
	s->root_ok = 1;
	return 0;
}

static int uki_end(struct install_sink *s, int ok, struct upd_error *err)
{
	struct uki_info info;

	if (s->mode == SINK_CHECK) {
		if (!ok)
			return 0;
		if (s->pe_failed) {
			*err = s->pe_err;
			return -1;
		}
		if (pe_stream_finish(s->pe, err) < 0 || uki_info_parse(s->pe, &info, err) < 0 ||
		    uki_info_check(&info, s->target, s->m, err) < 0)
			return -1;
		s->uki_ok = 1;
		return 0;
	}
	if (!ok) {
		install_sink_discard(s);
		return 0;
	}
	if (fsync(s->uki_fd) < 0) {
		int e = errno;

		install_sink_discard(s);
		return upd_fail(err, UPD_ERR_SYS, "fsync of %s: %s", s->uki_tmp, strerror(e));
	}
	if (close(s->uki_fd) < 0) {
		int e = errno;

		s->uki_fd = -1;
		install_sink_discard(s);
		return upd_fail(err, UPD_ERR_SYS, "closing %s: %s", s->uki_tmp, strerror(e));
	}
	s->uki_fd = -1;
	s->uki_ok = 1;
	return 0;
}

static int sink_end(void *ctx, int ok, struct upd_error *err)
{
	struct install_sink *s = ctx;

	if (s->which == MANIFEST_ROOT)
		return root_end(s, ok, err);
	progress_end(&s->prog);
	return uki_end(s, ok, err);
}

void install_sink_init(struct install_sink *s, struct bundle_sink *sink)
{
	s->slot_fd = -1;
	s->uki_fd = -1;
	s->uki_tmp[0] = '\0';
	s->root_ok = s->uki_ok = 0;
	sink->ctx = s;
	sink->begin = sink_begin;
	sink->chunk = sink_chunk;
	sink->end = sink_end;
}

void install_sink_discard(struct install_sink *s)
{
	if (s->uki_fd >= 0)
		(void)close(s->uki_fd);
	s->uki_fd = -1;
	if (s->uki_tmp[0] != '\0')
		(void)unlink(s->uki_tmp);
	s->uki_tmp[0] = '\0';
}
