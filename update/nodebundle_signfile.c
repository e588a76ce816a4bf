#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "minisign.h"
#include "nodebundle.h"

/* What `minisign -S -s KEY -m FILE` writes (minisign 0.11): this untrusted comment, and the trusted
 * comment "timestamp:<t>\tfile:<basename>\thashed". */
#define SIGN_FILE_UNTRUSTED "signature from minisign secret key"
#define SIGN_FILE_COMMENT_MAX 512
#define SIGN_FILE_CHUNK 65536

static void file_digest(const char *path, uint8_t digest[MINISIGN_PREHASH_BYTES])
{
	static uint8_t buf[SIGN_FILE_CHUNK];
	crypto_generichash_state st;
	int fd = nb_open_read(path);
	ssize_t n;

	if (crypto_generichash_init(&st, NULL, 0, MINISIGN_PREHASH_BYTES) != 0)
		nb_die(NB_EXIT_SYS, "BLAKE2b failed");
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			nb_die(NB_EXIT_SYS, "%s: read: %s", path, strerror(errno));
		if (n == 0)
			break;
		if (crypto_generichash_update(&st, buf, (size_t)n) != 0)
			nb_die(NB_EXIT_SYS, "BLAKE2b failed");
	}
	if (crypto_generichash_final(&st, digest, MINISIGN_PREHASH_BYTES) != 0)
		nb_die(NB_EXIT_SYS, "BLAKE2b failed");
	if (close(fd) < 0)
		nb_die(NB_EXIT_SYS, "%s: close: %s", path, strerror(errno));
}

/* sign-file -s KEY FILE: FILE.minisig, byte for byte what `minisign -S -s KEY -m FILE` writes at
 * the same time (SOURCE_DATE_EPOCH when set, so builds sign reproducibly). For files the node
 * checks beside a bundle, e.g. the installer's provision.conf. */
int nb_sign_file(int argc, char **argv)
{
	uint8_t digest[MINISIGN_PREHASH_BYTES];
	char sig[NB_SIG_TEXT_MAX], comment[SIGN_FILE_COMMENT_MAX], token[SIGN_FILE_COMMENT_MAX];
	char out[PATH_MAX], tmp[PATH_MAX], id[MINISIGN_KEY_ID_STR];
	const char *keypath = NULL, *path, *base;
	struct minisign_keyring ring = { 0 };
	struct minisign_pubkey pk;
	struct minisign_sig parsed;
	struct nb_seckey key;
	struct upd_error err;
	size_t sig_len;
	int n, fd;

	path = nb_key_and_file(argc, argv, "sign-file", "FILE", &keypath);
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if (*base == '\0')
		nb_usage("sign-file: \"%s\" names no file", path);
	n = snprintf(out, sizeof out, "%s.minisig", path);
	if (n < 0 || (size_t)n >= sizeof out)
		nb_die(NB_EXIT_USAGE, "%s: path too long", path);
	n = snprintf(comment, sizeof comment, "timestamp:%llu\tfile:%s\thashed",
		     (unsigned long long)nb_member_mtime(), base);
	if (n < 0 || (size_t)n >= sizeof comment)
		nb_die(NB_EXIT_USAGE, "%s: file name too long for the trusted comment", path);
	snprintf(token, sizeof token, "file:%s", base);

	file_digest(path, digest);
	nb_seckey_load(keypath, &key);
	nb_minisign_sign_prehashed(&key, digest, SIGN_FILE_UNTRUSTED, comment, sig, &sig_len);

	/* check what was made with the library the node uses, and the key's own public half */
	memcpy(pk.raw.sig_alg, MINISIGN_ALG_PUBKEY, 2);
	memcpy(pk.raw.keynum, key.keynum, sizeof key.keynum);
	memcpy(pk.raw.pk, key.sk + 32, sizeof pk.raw.pk);
	pk.key_id = key.key_id;
	nb_seckey_wipe(&key);
	if (minisign_keyring_add(&ring, &pk, &err) < 0 ||
	    minisign_sig_parse((const uint8_t *)sig, sig_len, &parsed, &err) < 0 ||
	    minisign_verify_prehashed(&ring, &parsed, digest, &err) < 0)
		nb_die(NB_EXIT_SYS, "%s: the new signature does not verify (damaged key?): %s", path,
		       err.msg);
	if (strpbrk(base, " \t") == NULL && !minisign_comment_has_token(&parsed, token))
		nb_die(NB_EXIT_SYS, "%s: the new signature's trusted comment lacks %s", path, token);

	fd = nb_tmp_create(out, tmp, sizeof tmp);
	nb_write_all(fd, sig, sig_len, tmp);
	nb_tmp_commit(fd, tmp, out);
	printf("nodebundle: signed %s with key %s: %s\n", path, minisign_key_id_str(pk.key_id, id),
	       out);
	return NB_EXIT_OK;
}
