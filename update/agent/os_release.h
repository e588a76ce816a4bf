/* os-release text (/etc/os-release, a UKI's .osrel): KEY=VALUE lines, values optionally in
 * double or single quotes. Only what the agent needs: one value by key. */
#ifndef NU_OS_RELEASE_H
#define NU_OS_RELEASE_H

#include <stddef.h>

#include "upd_attr.h"
#include "upd_error.h"

#define OS_RELEASE_MAX 4096

/* Looks key up in text (len bytes; NULs end it). The last assignment wins, as when a shell
 * sources the file. 1 with the unquoted value in out, 0 if absent, -1 with err if the value is
 * longer than cap - 1, has an unbalanced quote, a backslash or a control character. */
int os_release_value(const char *text, size_t len, const char *key, char *out, size_t cap,
		     struct upd_error *err) UPD_WUR;

#endif
