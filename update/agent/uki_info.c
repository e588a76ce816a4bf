#include <stdio.h>
#include <string.h>

#include "hex.h"
#include "os_release.h"
#include "uki_info.h"

void uki_stream_init(struct pe_stream *s)
{
	static const char *const names[] = { UKI_SECTION_CMDLINE, UKI_SECTION_OSREL };

	pe_stream_init(s, names, 2);
}

int uki_info_parse(const struct pe_stream *s, struct uki_info *info, struct upd_error *err)
{
	const struct pe_want *cl = pe_stream_section(s, UKI_SECTION_CMDLINE);
	const struct pe_want *os = pe_stream_section(s, UKI_SECTION_OSREL);
	char v[CMDLINE_VALUE_MAX];
	int rc;

	memset(info, 0, sizeof *info);
	if (cl == NULL || os == NULL || cl->got != cl->size || os->got != os->size)
		return upd_fail(err, UPD_ERR_BAD, "UKI: .cmdline or .osrel was not read");
	rc = cmdline_value((const char *)cl->data, cl->size, "node.slot", v, sizeof v, err);
	if (rc < 0)
		goto bad_cmdline;
	if (rc == 1) {
		info->slot_given = 1;
		info->slot = slot_from_string(v);
		snprintf(info->slot_text, sizeof info->slot_text, "%.15s", v);
	}
	rc = cmdline_value((const char *)cl->data, cl->size, "node.root", info->root,
			   sizeof info->root, err);
	if (rc < 0)
		goto bad_cmdline;
	rc = cmdline_value((const char *)cl->data, cl->size, "node.verity", v, sizeof v, err);
	if (rc < 0)
		goto bad_cmdline;
	if (rc == 1) {
		if (node_verity_parse(v, &info->verity, err) < 0)
			goto bad_cmdline;
		info->has_verity = 1;
	}
	rc = os_release_value((const char *)os->data, os->size, "IMAGE_VERSION", info->version_text,
			      sizeof info->version_text, err);
	if (rc < 0) {
		upd_error_prefix(err, "UKI .osrel: ");
		return -1;
	}
	if (rc == 1 && version_parse(info->version_text, strlen(info->version_text),
				     &info->version, NULL) == 0)
		info->has_version = 1;
	return 0;
bad_cmdline:
	upd_error_prefix(err, "UKI .cmdline: ");
	return -1;
}

int uki_info_check(const struct uki_info *info, char slot, const struct manifest *m,
		   struct upd_error *err)
{
	char want_root[sizeof UKI_ROOT_LABEL_PREFIX + 1], got[2 * NODE_HASH_BYTES + 1];
	char want[2 * NODE_HASH_BYTES + 1], ver[VERSION_STR_MAX];

	/* a slot-neutral UKI names no slot (stage 1 takes it from the entry name); one that names
	 * a slot must name this one, or it would boot the other slot's root */
	if (info->slot_given && info->slot != slot)
		return upd_fail(err, UPD_ERR_POLICY,
				"the UKI boots slot %s (its .cmdline has node.slot=%s), but the slot "
				"to install is %c: this bundle was made for the other slot",
				info->slot_text, info->slot_text, slot);
	snprintf(want_root, sizeof want_root, "%s%c", UKI_ROOT_LABEL_PREFIX, slot);
	if (info->root[0] != '\0' && strcmp(info->root, want_root) != 0)
		return upd_fail(err, UPD_ERR_POLICY,
				"the UKI's .cmdline has node.root=%s, but slot %c is %s: this bundle was "
				"made for the other slot", info->root, slot, want_root);
	if (!info->has_verity)
		return upd_fail(err, UPD_ERR_BAD, "the UKI's .cmdline has no node.verity=");
	if (memcmp(info->verity.root, m->verity_root, NODE_HASH_BYTES) != 0) {
		hex_encode(info->verity.root, NODE_HASH_BYTES, got);
		hex_encode(m->verity_root, NODE_HASH_BYTES, want);
		return upd_fail(err, UPD_ERR_BAD,
				"the UKI's .cmdline carries verity root %s, the manifest's root.img "
				"has %s: the UKI would not boot this root", got, want);
	}
	if (memcmp(info->verity.salt, m->verity_salt, NODE_HASH_BYTES) != 0)
		return upd_fail(err, UPD_ERR_BAD,
				"the UKI's .cmdline carries a verity salt other than the manifest's");
	if (info->verity.data_blocks != m->data_blocks ||
	    info->verity.hash_start != m->data_blocks + 1)
		return upd_fail(err, UPD_ERR_BAD,
				"the UKI's .cmdline says %llu data blocks and hash start %llu; the "
				"manifest's root.img needs %llu and %llu",
				(unsigned long long)info->verity.data_blocks,
				(unsigned long long)info->verity.hash_start,
				(unsigned long long)m->data_blocks,
				(unsigned long long)(m->data_blocks + 1));
	if (!info->has_version || version_compare(&info->version, &m->version) != 0)
		return upd_fail(err, UPD_ERR_BAD,
				"the UKI's .osrel IMAGE_VERSION is \"%s\", the manifest says %s",
				info->version_text, version_format(&m->version, ver));
	return 0;
}
