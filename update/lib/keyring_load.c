#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keyring_load.h"
#include "upd_io.h"

#define KEYS_PATH_MAX 4096

static int name_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static int key_file(const char *dir, const char *name, struct minisign_keyring *ring,
		    struct upd_error *err)
{
	char path[KEYS_PATH_MAX], buf[MINISIGN_PUBKEY_FILE_MAX + 1];
	struct minisign_pubkey pk;
	ssize_t len;
	int fd, n, e;

	n = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof path)
		return upd_fail(err, UPD_ERR_SYS, "key path %s/%s is too long", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return upd_fail(err, UPD_ERR_SYS, "opening key file %s: %s", path, strerror(errno));
	len = upd_read_full(fd, buf, sizeof buf);
	e = errno;
	(void)close(fd);
	if (len < 0)
		return upd_fail(err, UPD_ERR_SYS, "reading key file %s: %s", path, strerror(e));
	if ((size_t)len >= sizeof buf)
		return upd_fail(err, UPD_ERR_BAD, "key file %s is larger than %zu bytes", path,
				sizeof buf - 1);
	if (minisign_pubkey_parse_file((const uint8_t *)buf, (size_t)len, &pk, err) < 0 ||
	    minisign_keyring_add(ring, &pk, err) < 0) {
		upd_error_prefix(err, "trusted key %s: ", path);
		return -1;
	}
	return 0;
}

int keyring_load_dir(const char *dir, struct minisign_keyring *ring, struct upd_error *err)
{
	static char names[KEYS_FILES_MAX][256];
	size_t n = 0, i, sl = strlen(KEYS_SUFFIX);
	struct dirent *de;
	DIR *d;

	memset(ring, 0, sizeof *ring);
	d = opendir(dir);
	if (d == NULL)
		return upd_fail(err, UPD_ERR_SYS, "opening the key directory %s: %s", dir,
				strerror(errno));
	while ((errno = 0, de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len <= sl || len >= sizeof names[0] ||
		    strcmp(de->d_name + len - sl, KEYS_SUFFIX) != 0)
			continue;
		if (n == KEYS_FILES_MAX) {
			(void)closedir(d);
			return upd_fail(err, UPD_ERR_SYS, "%s holds more than %d *.pub files", dir,
					KEYS_FILES_MAX);
		}
		memcpy(names[n++], de->d_name, len + 1);
	}
	if (errno != 0) {
		int e = errno;

		(void)closedir(d);
		return upd_fail(err, UPD_ERR_SYS, "reading %s: %s", dir, strerror(e));
	}
	(void)closedir(d);
	qsort(names, n, sizeof names[0], name_cmp);
	for (i = 0; i < n; i++)
		if (key_file(dir, names[i], ring, err) < 0)
			return -1;
	if (ring->count == 0)
		return upd_fail(err, UPD_ERR_SYS, "no trusted update key (*.pub) in %s", dir);
	return 0;
}
