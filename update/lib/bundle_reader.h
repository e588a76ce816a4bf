/* Sequential reading of bundle members (private to bundle_verify): exact reads with the archive
 * offset kept for messages, member headers checked against the expected name, zero padding. */
#ifndef UPD_BUNDLE_READER_H
#define UPD_BUNDLE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "tar_header.h"
#include "upd_attr.h"
#include "upd_error.h"

struct bundle_reader {
	int fd;
	uint64_t offset;
	unsigned member;   /* members read so far */
};

/* Exactly len bytes of what, or -1 with err: truncated (UPD_ERR_BAD) or read error (UPD_ERR_SYS). */
int bundle_read(struct bundle_reader *r, void *buf, size_t len, const char *what,
		struct upd_error *err) UPD_WUR;

/* The next member header; its name must be want. seen lists the names of earlier members so a
 * repeat is called a duplicate. 0, or -1 with err. */
int bundle_member_next(struct bundle_reader *r, const char *want, const char *const *seen,
		       size_t nseen, struct tar_member *m, struct upd_error *err) UPD_WUR;

/* The zero padding after a member of size bytes. 0, or -1 with err. */
int bundle_member_padding(struct bundle_reader *r, const struct tar_member *m,
			  struct upd_error *err) UPD_WUR;

/* Two zero blocks, then end of file. 0, or -1 with err. */
int bundle_archive_end(struct bundle_reader *r, const char *last, struct upd_error *err) UPD_WUR;

#endif
