/* The update agent's state file, read with the agent's own parser (update/agent/state_file.c):
 * a corrupt file is an error here too, never "no update". */
#include <stdio.h>
#include <string.h>

#include "../../update/agent/state_file.h"
#include "nodestate.h"

void ns_collect_update(struct node_state *st, const char *root)
{
	static struct agent_state s;	/* 1 KiB of text fields: off the stack */
	char dir[NS_PATH_MAX];
	struct upd_error err;

	if (ns_path(dir, sizeof dir, root, NS_UPDATE_STATE_DIR) != 0) {
		ns_fail(st, NS_SRC_UPDATE, "path %s under %s is too long", NS_UPDATE_STATE_DIR, root);
		return;
	}
	if (state_load(dir, &s, &err) != 0) {
		ns_fail(st, NS_SRC_UPDATE, "%s", err.msg);
		return;
	}
	switch (s.last) {
	case LAST_NONE:
		st->update = NS_UPD_NONE;
		break;
	case LAST_OK:
		st->update = NS_UPD_OK;
		break;
	case LAST_FAILED:
		st->update = NS_UPD_FAILED;
		break;
	case LAST_REFUSED:
		st->update = NS_UPD_REFUSED;
		break;
	default:
		ns_fail(st, NS_SRC_UPDATE, "%s/%s: unknown last-result", dir, STATE_FILE_NAME);
		return;
	}
	st->update_time = s.last == LAST_NONE ? 0 : s.last_time;
	st->update_version[0] = '\0';
	if (s.has_last_version) {
		char v[VERSION_STR_MAX];

		snprintf(st->update_version, sizeof st->update_version, "%s",
			 version_format(&s.last_version, v));
	}
	snprintf(st->update_error, sizeof st->update_error, "%s", s.last_error);
	st->known[NS_SRC_UPDATE] = 1;
}
