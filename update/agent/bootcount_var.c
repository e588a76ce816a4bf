#include <string.h>
#include <strings.h>

#include "bootcount_var.h"
#include "fs_util.h"

int bootcount_var_parse(const uint8_t *buf, size_t len, struct bootcount_path *out,
			struct upd_error *err)
{
	size_t dirlen = strlen(BOOTCOUNT_DIR), n;
	const char *name;

	memset(out, 0, sizeof *out);
	if (efivar_string_parse(buf, len, "LoaderBootCountPath", &out->attributes, out->path,
				sizeof out->path, err) < 0)
		return -1;
	n = strlen(out->path);
	if (n <= dirlen || strncasecmp(out->path, BOOTCOUNT_DIR, dirlen) != 0)
		return upd_fail(err, UPD_ERR_BAD,
				"LoaderBootCountPath \"%s\" is not a file in \\EFI\\Linux\\", out->path);
	name = out->path + dirlen;
	if (strchr(name, '\\') != NULL || strchr(name, '/') != NULL)
		return upd_fail(err, UPD_ERR_BAD,
				"LoaderBootCountPath \"%s\" names a file below \\EFI\\Linux\\",
				out->path);
	if (strlen(name) > BLS_NAME_MAX)
		return upd_fail(err, UPD_ERR_BAD, "LoaderBootCountPath file name is too long");
	memcpy(out->name, name, strlen(name) + 1);
	return 0;
}

int bootcount_var_read(const char *efivars_dir, struct bootcount_path *out, struct upd_error *err)
{
	uint8_t buf[EFIVAR_MAX + 1];
	char path[NU_PATH_MAX];
	size_t len;
	int rc = efivar_read(efivars_dir, BOOTCOUNT_VAR_FILE, buf, &len, err);

	if (rc <= 0)
		return rc;
	if (bootcount_var_parse(buf, len, out, err) < 0) {
		if (path_join(path, sizeof path, efivars_dir, BOOTCOUNT_VAR_FILE, NULL) == 0)
			upd_error_prefix(err, "%s: ", path);
		return -1;
	}
	return 1;
}
