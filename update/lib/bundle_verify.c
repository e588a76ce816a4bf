#include <string.h>

#include "bundle_payload.h"
#include "bundle_reader.h"
#include "bundle_verify.h"

static const char *const member_names[] = {
	BUNDLE_MEMBER_MANIFEST, BUNDLE_MEMBER_SIG, MANIFEST_ROOT_NAME, MANIFEST_UKI_NAME,
};

/* A small member read whole into buf: size must be 1..max. */
static int small_member(struct bundle_reader *r, unsigned index, size_t max, uint8_t *buf,
			struct tar_member *m, struct upd_error *err)
{
	if (bundle_member_next(r, member_names[index], member_names, index, m, err) < 0)
		return -1;
	if (m->size == 0 || m->size > max)
		return upd_fail(err, UPD_ERR_BAD, "member %s is %llu bytes; must be 1..%zu",
				m->name, (unsigned long long)m->size, max);
	if (bundle_read(r, buf, (size_t)m->size, m->name, err) < 0)
		return -1;
	return bundle_member_padding(r, m, err);
}

static int signature_check(const struct bundle_check *c, struct bundle_work *w, size_t sig_len,
			   size_t manifest_len, struct bundle_result *res, struct upd_error *err)
{
	if (minisign_sig_parse(w->sig, sig_len, &w->sigp, err) < 0) {
		upd_error_prefix(err, BUNDLE_MEMBER_SIG ": ");
		return -1;
	}
	if (minisign_verify(c->keys, &w->sigp, w->manifest, manifest_len, err) < 0) {
		upd_error_prefix(err, "manifest ");
		return -1;
	}
	res->key_id = w->sigp.key_id;
	memcpy(res->comment, minisign_trusted_comment(&w->sigp), w->sigp.comment_len + 1);
	/* a valid signature of some other file is not a signature of this manifest */
	if (!minisign_comment_has_token(&w->sigp, BUNDLE_SIG_TOKEN))
		return upd_fail(err, UPD_ERR_BAD,
				BUNDLE_MEMBER_SIG ": trusted comment \"%.120s\" has no \"%s\" "
				"(it signs another file)",
				res->comment, BUNDLE_SIG_TOKEN);
	return 0;
}

static int policy_check(const struct bundle_policy *p, const struct manifest *m,
			struct upd_error *err)
{
	char a[VERSION_STR_MAX], b[VERSION_STR_MAX];

	if (p->product != NULL && strcmp(p->product, m->product) != 0)
		return upd_fail(err, UPD_ERR_POLICY, "bundle is for product \"%s\", this is \"%s\"",
				m->product, p->product);
	if (p->floor != NULL && version_compare(&m->version, p->floor) < 0)
		return upd_fail(err, UPD_ERR_POLICY,
				"version %s is below the anti-rollback floor %s",
				version_format(&m->version, a), version_format(p->floor, b));
	if (p->installed == NULL)
		return 0;
	if (version_compare(p->installed, &m->min_version) < 0)
		return upd_fail(err, UPD_ERR_POLICY,
				"installed version %s is older than the bundle's min-version %s "
				"(install an intermediate version first)",
				version_format(p->installed, a), version_format(&m->min_version, b));
	if (version_compare(&m->version, p->installed) < 0)
		return upd_fail(err, UPD_ERR_POLICY,
				"version %s is older than the installed %s (downgrades are refused)",
				version_format(&m->version, a), version_format(p->installed, b));
	return 0;
}

/* What this agent can hold: the tree must fit bundle_work, the UKI a temporary file. */
static int limits_check(const struct manifest *m, struct upd_error *err)
{
	uint64_t want;

	if (m->data_blocks > VERITY_MAX_DATA_BLOCKS)
		return upd_fail(err, UPD_ERR_POLICY,
				"root.img has %llu data blocks, more than the %llu (1 GiB) allowed",
				(unsigned long long)m->data_blocks,
				(unsigned long long)VERITY_MAX_DATA_BLOCKS);
	want = verity_hash_blocks(m->data_blocks);
	if (m->hash_blocks != want)
		return upd_fail(err, UPD_ERR_BAD,
				"manifest: hash-blocks %llu, but %llu data blocks need %llu",
				(unsigned long long)m->hash_blocks,
				(unsigned long long)m->data_blocks, (unsigned long long)want);
	if (m->payload[MANIFEST_UKI].size > BUNDLE_UKI_MAX_BYTES)
		return upd_fail(err, UPD_ERR_POLICY, "uki.efi is %llu bytes, more than the %llu allowed",
				(unsigned long long)m->payload[MANIFEST_UKI].size,
				(unsigned long long)BUNDLE_UKI_MAX_BYTES);
	return 0;
}

static int payload(struct bundle_reader *r, const struct bundle_check *c,
		   enum manifest_payload_index which, struct bundle_work *w,
		   struct bundle_result *res, struct upd_error *err)
{
	unsigned index = which == MANIFEST_ROOT ? 2 : 3;
	struct tar_member m;

	if (bundle_member_next(r, member_names[index], member_names, index, &m, err) < 0)
		return -1;
	return bundle_payload_stream(r, which, &m, &res->manifest, c->sink, w, err);
}

int bundle_verify(int fd, const struct bundle_check *c, struct bundle_work *w,
		  struct bundle_result *res, struct upd_error *err)
{
	struct bundle_reader r = { .fd = fd };
	struct tar_member mm, ms;

	memset(res, 0, sizeof *res);
	if (c->keys == NULL || c->keys->count == 0)
		return upd_fail(err, UPD_ERR_BAD, "no trusted keys to verify with");
	if (small_member(&r, 0, MANIFEST_MAX_BYTES, w->manifest, &mm, err) < 0 ||
	    small_member(&r, 1, MINISIGN_SIG_FILE_MAX, w->sig, &ms, err) < 0 ||
	    signature_check(c, w, (size_t)ms.size, (size_t)mm.size, res, err) < 0)
		return -1;
	/* only now is the manifest trusted enough to parse */
	memcpy(res->manifest_text, w->manifest, (size_t)mm.size);
	res->manifest_len = (size_t)mm.size;
	if (manifest_parse((const char *)w->manifest, (size_t)mm.size, &res->manifest, err) < 0) {
		upd_error_prefix(err, "manifest: ");
		return -1;
	}
	if (policy_check(&c->policy, &res->manifest, err) < 0 ||
	    limits_check(&res->manifest, err) < 0 ||
	    payload(&r, c, MANIFEST_ROOT, w, res, err) < 0 ||
	    payload(&r, c, MANIFEST_UKI, w, res, err) < 0 ||
	    bundle_archive_end(&r, MANIFEST_UKI_NAME, err) < 0)
		return -1;
	res->archive_bytes = r.offset;
	return 0;
}
