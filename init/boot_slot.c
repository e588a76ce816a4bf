#include <string.h>

#include "boot_slot.h"

int boot_slot_choose(const struct node_cmdline *c, char loader_slot, struct boot_slot *out)
{
	memset(out, 0, sizeof *out);
	if (c->slot == 'a' || c->slot == 'b') {
		out->slot = c->slot;
		out->source = SLOT_FROM_CMDLINE;
	} else if (loader_slot == 'a' || loader_slot == 'b') {
		out->slot = loader_slot;
		out->source = SLOT_FROM_LOADER;
	} else {
		return -1;
	}
	if (c->root_label[0] != '\0') {
		/* both are CMDLINE_LABEL_MAX + 1 bytes and the parser NUL-terminated it */
		memcpy(out->root_label, c->root_label, sizeof out->root_label);
	} else {
		memcpy(out->root_label, ROOT_LABEL_PREFIX, sizeof ROOT_LABEL_PREFIX - 1);
		out->root_label[sizeof ROOT_LABEL_PREFIX - 1] = out->slot;
		out->root_label[sizeof ROOT_LABEL_PREFIX] = '\0';
	}
	return 0;
}
