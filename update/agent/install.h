/* nodeupdate install: one bundle into the slot that is not booted, in the order that keeps the
 * node bootable at every instant (update/README.md, "Install"). */
#ifndef NU_INSTALL_H
#define NU_INSTALL_H

#include "agent.h"
#include "upd_attr.h"
#include "upd_error.h"

/* Installs the bundle read from fd (name is for messages and the state file) and records the
 * result in the state directory. The caller holds the agent lock. 0, or -1 with err: kind
 * UPD_ERR_BAD (rejected bundle, failed read-back), UPD_ERR_POLICY (refused), UPD_ERR_SYS. */
int install_bundle(struct agent *a, int fd, const char *name, struct upd_error *err) UPD_WUR;

/* Whether install would start now: the ESP is readable and the booted slot is good (not on
 * trial, not bad). The caller holds the lock. 0, or -1 with err (UPD_ERR_POLICY: not now). */
int install_ready(struct agent *a, struct upd_error *err) UPD_WUR;

#endif
