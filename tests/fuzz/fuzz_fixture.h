/* Shared by the update library's fuzz targets: FUZZ_ASSERT (fuzz_assert.h) and a checking sink. */
#ifndef FUZZ_FIXTURE_H
#define FUZZ_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "fuzz_assert.h"
#include "test_update_fixture.h"


/* Checks what bundle_verify promises a sink: begin, chunks inside the payload, one end. */
struct fuzz_sink {
	const struct manifest *m;
	enum manifest_payload_index which;
	int open;
	uint64_t bytes;
};

static inline int fuzz_begin(void *ctx, enum manifest_payload_index which, const struct manifest *m,
			     struct upd_error *err)
{
	struct fuzz_sink *s = ctx;

	(void)err;
	FUZZ_ASSERT(!s->open);
	s->m = m;
	s->which = which;
	s->open = 1;
	s->bytes = 0;
	return 0;
}

static inline int fuzz_chunk(void *ctx, uint64_t offset, const uint8_t *buf, size_t len,
			     struct upd_error *err)
{
	struct fuzz_sink *s = ctx;
	volatile uint8_t touch = 0;

	(void)err;
	FUZZ_ASSERT(s->open);
	FUZZ_ASSERT(len > 0 && offset + len <= s->m->payload[s->which].size);
	/* read every byte: ASan checks the buffer really is that long */
	for (size_t i = 0; i < len; i++)
		touch ^= buf[i];
	(void)touch;
	s->bytes += len;
	return 0;
}

static inline int fuzz_end(void *ctx, int ok, struct upd_error *err)
{
	struct fuzz_sink *s = ctx;

	(void)err;
	FUZZ_ASSERT(s->open);
	if (ok)
		FUZZ_ASSERT(s->bytes == s->m->payload[s->which].size);
	s->open = 0;
	return 0;
}

#endif
