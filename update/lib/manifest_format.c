#include <stdio.h>
#include <string.h>

#include "hex.h"
#include "manifest.h"

int manifest_format(const struct manifest *m, char *out, size_t cap, size_t *len,
		    struct upd_error *err)
{
	const struct manifest_payload *root = &m->payload[MANIFEST_ROOT];
	const struct manifest_payload *uki = &m->payload[MANIFEST_UKI];
	char v[VERSION_STR_MAX], minv[VERSION_STR_MAX];
	char rsha[65], vroot[65], vsalt[65], usha[65];
	int n;

	if (strcmp(root->name, MANIFEST_ROOT_NAME) != 0 || strcmp(uki->name, MANIFEST_UKI_NAME) != 0)
		return upd_fail(err, UPD_ERR_BAD, "payloads must be %s and %s", MANIFEST_ROOT_NAME,
				MANIFEST_UKI_NAME);
	hex_encode(root->sha256, sizeof root->sha256, rsha);
	hex_encode(m->verity_root, sizeof m->verity_root, vroot);
	hex_encode(m->verity_salt, sizeof m->verity_salt, vsalt);
	hex_encode(uki->sha256, sizeof uki->sha256, usha);
	n = snprintf(out, cap,
		     "format %u\n"
		     "product %s\n"
		     "version %s\n"
		     "min-version %s\n"
		     "payload %s size %llu sha256 %s verity-root %s verity-salt %s data-blocks %llu "
		     "hash-blocks %llu\n"
		     "payload %s size %llu sha256 %s\n",
		     m->format, m->product, version_format(&m->version, v),
		     version_format(&m->min_version, minv), root->name,
		     (unsigned long long)root->size, rsha, vroot, vsalt,
		     (unsigned long long)m->data_blocks, (unsigned long long)m->hash_blocks, uki->name,
		     (unsigned long long)uki->size, usha);
	if (n < 0 || (size_t)n >= cap)
		return upd_fail(err, UPD_ERR_BAD, "manifest text does not fit in %zu bytes", cap);
	*len = (size_t)n;
	return 0;
}
