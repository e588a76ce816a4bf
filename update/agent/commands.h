/* The commands of nodeupdate (update/README.md). Each returns 0, or -1 with err, whose kind
 * main maps to the exit code. */
#ifndef NU_COMMANDS_H
#define NU_COMMANDS_H

#include "agent.h"
#include "upd_attr.h"
#include "upd_error.h"

int cmd_install(struct agent *a, const char *file, struct upd_error *err) UPD_WUR;
int cmd_status(struct agent *a, struct upd_error *err) UPD_WUR;
int cmd_mark_good(struct agent *a, struct upd_error *err) UPD_WUR;
int cmd_rollback(struct agent *a, struct upd_error *err) UPD_WUR;
int cmd_watch(struct agent *a, const char *dir, struct upd_error *err) UPD_WUR;
int cmd_provision(struct agent *a, struct upd_error *err) UPD_WUR;

#endif
