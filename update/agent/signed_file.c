#include <stdio.h>

#include "fs_util.h"
#include "signed_file.h"

int signed_file_read(const char *path, const struct minisign_keyring *ring, const char *token,
		     char *buf, size_t cap, size_t *len, uint64_t *key_id, struct upd_error *err)
{
	static char sigbuf[MINISIGN_SIG_FILE_MAX + 1];
	static struct minisign_sig sig;
	char sigpath[NU_PATH_MAX];
	size_t siglen;
	int rc;

	rc = file_read_small(path, buf, cap, len, err);
	if (rc == 1)
		return upd_fail(err, UPD_ERR_SYS, "%s does not exist", path);
	if (rc < 0)
		return -1;
	if (snprintf(sigpath, sizeof sigpath, "%s%s", path, SIGNED_FILE_SIG_SUFFIX) >=
	    (int)sizeof sigpath)
		return upd_fail(err, UPD_ERR_SYS, "path %s is too long", path);
	rc = file_read_small(sigpath, sigbuf, sizeof sigbuf, &siglen, err);
	if (rc == 1)
		return upd_fail(err, UPD_ERR_BAD, "%s is not signed: %s does not exist", path,
				sigpath);
	if (rc < 0)
		return -1;
	if (minisign_sig_parse((const uint8_t *)sigbuf, siglen, &sig, err) < 0 ||
	    minisign_verify(ring, &sig, (const uint8_t *)buf, *len, err) < 0) {
		upd_error_prefix(err, "%s: ", sigpath);
		return -1;
	}
	if (!minisign_comment_has_token(&sig, token))
		return upd_fail(err, UPD_ERR_BAD, "%s: trusted comment \"%.120s\" has no \"%s\" (it "
				"signs another file)", sigpath, minisign_trusted_comment(&sig), token);
	*key_id = sig.key_id;
	return 0;
}
