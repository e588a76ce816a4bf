/* Pure choice of the slot stage 1 boots, and of its root partition label. */
#ifndef NODE_BOOT_SLOT_H
#define NODE_BOOT_SLOT_H

#include "cmdline.h"
#include "compiler.h"

#define ROOT_LABEL_PREFIX "root-"

enum slot_source {
	SLOT_FROM_NONE = 0,
	SLOT_FROM_CMDLINE,	/* node.slot= (installer, tests) */
	SLOT_FROM_LOADER,	/* LoaderEntrySelected: the entry systemd-boot booted */
};

struct boot_slot {
	char slot;				/* 'a' or 'b' */
	enum slot_source source;
	char root_label[CMDLINE_LABEL_MAX + 1];	/* node.root= if given, else root-<slot> */
};

/*
 * node.slot= wins over loader_slot (the slot of LoaderEntrySelected, 0 when unknown); an explicit
 * node.root=PARTLABEL= wins over root-<slot>. 0, or -1 when neither gives a slot.
 */
int boot_slot_choose(const struct node_cmdline *c, char loader_slot, struct boot_slot *out) WUR;

#endif
