/* What the agent needs to know about a UKI: which slot its command line boots (node.slot,
 * node.root, node.verity) and which version it is (.osrel IMAGE_VERSION), and the check that a
 * UKI fits the slot it is about to be installed for. */
#ifndef NU_UKI_INFO_H
#define NU_UKI_INFO_H

#include "kernel_cmdline.h"
#include "manifest.h"
#include "pe_stream.h"
#include "upd_attr.h"
#include "upd_error.h"
#include "version.h"

#define UKI_SECTION_CMDLINE ".cmdline"
#define UKI_SECTION_OSREL ".osrel"
#define UKI_ROOT_LABEL_PREFIX "PARTLABEL=root-"

struct uki_info {
	int slot_given;                  /* node.slot= is present (slot-specific UKI) */
	char slot;                       /* its value: 'a', 'b', or 0 for anything else */
	char slot_text[16];
	char root[CMDLINE_VALUE_MAX];    /* node.root, "" if absent */
	int has_verity;
	struct node_verity verity;
	char version_text[VERSION_STR_MAX + 8]; /* IMAGE_VERSION as written, "" if absent */
	int has_version;
	struct version version;
};

/* Starts a pe_stream that collects the two sections a UKI must have. */
void uki_stream_init(struct pe_stream *s);

/* Interprets the sections a finished stream collected. Missing keys are left empty (the check
 * below refuses them); malformed ones are errors. 0, or -1 with err. */
int uki_info_parse(const struct pe_stream *s, struct uki_info *info, struct upd_error *err) UPD_WUR;

/* A UKI may be installed as slot's entry only if its command line names no other slot (node.slot=
 * and node.root=PARTLABEL=root-X absent, as in slot-neutral UKIs, or naming slot), carries the
 * manifest's verity parameters (data blocks, hash start = data blocks + 1 as
 * image/build-rootimg.sh lays the slot out, root hash, salt), and its .osrel names the manifest's
 * version. Other slot: UPD_ERR_POLICY (an authentic UKI made for the other slot); anything
 * else: UPD_ERR_BAD. */
int uki_info_check(const struct uki_info *info, char slot, const struct manifest *m,
		   struct upd_error *err) UPD_WUR;

#endif
