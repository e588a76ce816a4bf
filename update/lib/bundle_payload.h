/* Streaming the two payloads of a bundle to a sink (private to bundle_verify). */
#ifndef UPD_BUNDLE_PAYLOAD_H
#define UPD_BUNDLE_PAYLOAD_H

#include "bundle_reader.h"
#include "bundle_verify.h"

/* Reads the member whose header r just read (m), checks it against the manifest and feeds the
 * sink (which may be NULL) from begin to end. 0, or -1 with err. */
int bundle_payload_stream(struct bundle_reader *r, enum manifest_payload_index which,
			  const struct tar_member *m, const struct manifest *man,
			  const struct bundle_sink *sink, struct bundle_work *w,
			  struct upd_error *err) UPD_WUR;

#endif
