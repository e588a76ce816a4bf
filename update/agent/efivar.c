#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "efivar.h"
#include "fs_util.h"
#include "le.h"
#include "upd_io.h"

int efivar_string_parse(const uint8_t *buf, size_t len, const char *what, uint32_t *attributes,
			char *out, size_t cap, struct upd_error *err)
{
	size_t units, i, n = 0;

	if (len < 4 + 2 || len > EFIVAR_MAX)
		return upd_fail(err, UPD_ERR_BAD, "%s is %zu bytes; must be 6..%d", what, len,
				EFIVAR_MAX);
	if ((len - 4) % 2 != 0)
		return upd_fail(err, UPD_ERR_BAD, "%s: %zu bytes after the attributes is not UTF-16",
				what, len - 4);
	*attributes = le32_load(buf);
	if (*attributes & EFI_VARIABLE_NON_VOLATILE)
		return upd_fail(err, UPD_ERR_BAD,
				"%s is non-volatile (attributes 0x%08x); systemd-boot sets it for one "
				"boot only, so this boot did not set it", what, (unsigned)*attributes);
	units = (len - 4) / 2;
	for (i = 0; i < units; i++) {
		unsigned u = le16_load(buf + 4 + 2 * i);

		if (u == 0)
			break;
		if (u < 0x20 || u > 0x7e)
			return upd_fail(err, UPD_ERR_BAD, "%s: character %zu is U+%04X; only "
					"printable ASCII is expected", what, i, u);
		if (n + 1 >= cap)
			return upd_fail(err, UPD_ERR_BAD, "%s is longer than %zu characters", what,
					cap - 1);
		out[n++] = (char)u;
	}
	/* after the terminator only terminators: no hidden second string */
	for (; i < units; i++)
		if (le16_load(buf + 4 + 2 * i) != 0)
			return upd_fail(err, UPD_ERR_BAD, "%s: data after the terminating NUL", what);
	out[n] = '\0';
	if (n == 0)
		return upd_fail(err, UPD_ERR_BAD, "%s is empty", what);
	return 0;
}

int efivar_read(const char *dir, const char *file, uint8_t *buf, size_t *len,
		struct upd_error *err)
{
	char path[NU_PATH_MAX];
	ssize_t n;
	int fd, e;

	if (path_join(path, sizeof path, dir, file, err) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", path, strerror(errno));
	}
	/* one byte more than accepted, so an over-long variable is seen as such */
	n = upd_read_full(fd, buf, EFIVAR_MAX + 1);
	e = errno;
	(void)close(fd);
	if (n < 0)
		return upd_fail(err, UPD_ERR_SYS, "reading %s: %s", path, strerror(e));
	*len = (size_t)n;
	return 1;
}
