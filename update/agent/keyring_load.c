#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fs_util.h"
#include "keyring_load.h"

static int name_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static int key_file(const char *dir, const char *name, struct minisign_keyring *ring,
		    struct upd_error *err)
{
	char path[NU_PATH_MAX], buf[MINISIGN_PUBKEY_FILE_MAX + 1];
	struct minisign_pubkey pk;
	size_t len;
	int rc;

	if (path_join(path, sizeof path, dir, name, err) < 0)
		return -1;
	rc = file_read_small(path, buf, sizeof buf, &len, err);
	if (rc == 1)
		return upd_fail(err, UPD_ERR_SYS, "key file %s vanished", path);
	if (rc < 0)
		return -1;
	if (minisign_pubkey_parse_file((const uint8_t *)buf, len, &pk, err) < 0 ||
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
