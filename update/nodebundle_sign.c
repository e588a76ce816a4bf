#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bundle_verify.h"
#include "manifest.h"
#include "minisign.h"
#include "nodebundle.h"

#define SIGN_COMMENT_MAX 128

/* Refuse to sign or attach to a manifest the node would refuse anyway. */
static void manifest_check(const char *path, const uint8_t *text, size_t len, struct manifest *m)
{
	struct upd_error err;

	if (manifest_parse((const char *)text, len, m, &err) < 0) {
		upd_error_prefix(&err, "manifest: ");
		nb_die_upd(path, &err);
	}
}

void nb_keyring_add_file(const char *path, struct minisign_keyring *ring)
{
	uint8_t buf[MINISIGN_PUBKEY_FILE_MAX];
	struct minisign_pubkey pk;
	struct upd_error err;
	size_t len;

	nb_read_small(path, buf, sizeof buf, &len);
	if (minisign_pubkey_parse_file(buf, len, &pk, &err) < 0 ||
	    minisign_keyring_add(ring, &pk, &err) < 0)
		nb_die_upd(path, &err);
}

const char *nb_key_and_file(int argc, char **argv, const char *cmd, const char *what,
			    const char **keypath)
{
	int c;

	*keypath = NULL;
	while ((c = getopt(argc, argv, "s:")) != -1) {
		if (c != 's')
			nb_usage("%s: unknown option", cmd);
		*keypath = optarg;
	}
	if (*keypath == NULL || optind != argc - 1)
		nb_usage("%s needs -s KEY and one %s", cmd, what);
	if (strcmp(argv[optind], "-") == 0)
		nb_usage("%s writes to or beside %s: give a file, not -", cmd, what);
	return argv[optind];
}

int nb_sign(int argc, char **argv)
{
	uint8_t text[BUNDLE_MANIFEST_BUF_BYTES];
	char sig[NB_SIG_TEXT_MAX], comment[SIGN_COMMENT_MAX], id[MINISIGN_KEY_ID_STR];
	char v[VERSION_STR_MAX];
	const char *keypath = NULL, *bundle;
	struct minisign_keyring ring = { 0 };
	struct minisign_pubkey pk;
	struct minisign_sig parsed;
	struct nb_seckey key;
	struct manifest m;
	struct upd_error err;
	size_t len, sig_len;

	bundle = nb_key_and_file(argc, argv, "sign", "BUNDLE", &keypath);
	nb_bundle_read_manifest(bundle, text, &len);
	manifest_check(bundle, text, len, &m);
	nb_seckey_load(keypath, &key);
	/* minisign's own default comment, so `minisign -V` shows the same kind of line; the time is
	 * SOURCE_DATE_EPOCH when set, so a build signs the same bundle to the same bytes */
	snprintf(comment, sizeof comment, "timestamp:%llu\tfile:" BUNDLE_MEMBER_MANIFEST "\thashed",
		 (unsigned long long)nb_member_mtime());
	nb_minisign_sign(&key, text, len, comment, sig, &sig_len);

	/* check what was made with the library the node uses, and the key's own public half */
	memcpy(pk.raw.sig_alg, MINISIGN_ALG_PUBKEY, 2);
	memcpy(pk.raw.keynum, key.keynum, sizeof key.keynum);
	memcpy(pk.raw.pk, key.sk + 32, sizeof pk.raw.pk);
	pk.key_id = key.key_id;
	nb_seckey_wipe(&key);
	if (minisign_keyring_add(&ring, &pk, &err) < 0 ||
	    minisign_sig_parse((const uint8_t *)sig, sig_len, &parsed, &err) < 0 ||
	    minisign_verify(&ring, &parsed, text, len, &err) < 0)
		nb_die(NB_EXIT_SYS, "%s: the new signature does not verify (damaged key?): %s",
		       bundle, err.msg);
	nb_bundle_put_sig(bundle, (const uint8_t *)sig, sig_len);
	printf("nodebundle: signed %s (%s %s) with key %s\n", bundle, m.product,
	       version_format(&m.version, v), minisign_key_id_str(pk.key_id, id));
	return NB_EXIT_OK;
}

/* The unverified comment still tells an operator early that a signature is of another file. */
static int raw_comment_names_manifest(const struct minisign_sig *sig)
{
	const char *tok = BUNDLE_SIG_TOKEN, *p = sig->comment;
	size_t tlen = strlen(tok);

	while ((p = strstr(p, tok)) != NULL) {
		int start = p == sig->comment || p[-1] == '\t' || p[-1] == ' ';
		int end = p[tlen] == '\0' || p[tlen] == '\t' || p[tlen] == ' ';

		if (start && end)
			return 1;
		p += tlen;
	}
	return 0;
}

int nb_attach_sig(int argc, char **argv)
{
	uint8_t text[BUNDLE_MANIFEST_BUF_BYTES], sigbuf[MINISIGN_SIG_FILE_MAX];
	char id[MINISIGN_KEY_ID_STR];
	struct minisign_keyring ring = { 0 };
	struct minisign_sig sig;
	struct manifest m;
	struct upd_error err;
	const char *bundle, *sigpath;
	size_t len, sig_len;
	int c;

	while ((c = getopt(argc, argv, "p:")) != -1) {
		if (c != 'p')
			nb_usage("attach-sig: unknown option");
		nb_keyring_add_file(optarg, &ring);
	}
	if (optind != argc - 2)
		nb_usage("attach-sig needs BUNDLE and SIGFILE");
	bundle = argv[optind];
	sigpath = argv[optind + 1];
	if (strcmp(bundle, "-") == 0)
		nb_usage("attach-sig rewrites BUNDLE in place: give a file, not -");
	nb_read_small(sigpath, sigbuf, sizeof sigbuf, &sig_len);
	if (minisign_sig_parse(sigbuf, sig_len, &sig, &err) < 0)
		nb_die_upd(sigpath, &err);
	nb_bundle_read_manifest(bundle, text, &len);
	manifest_check(bundle, text, len, &m);
	if (ring.count > 0) {
		if (minisign_verify(&ring, &sig, text, len, &err) < 0) {
			upd_error_prefix(&err, "does not sign the manifest of %s: ", bundle);
			nb_die_upd(sigpath, &err);
		}
		if (!minisign_comment_has_token(&sig, BUNDLE_SIG_TOKEN))
			nb_die(NB_EXIT_BAD, "%s: trusted comment has no %s: it signs another file",
			       sigpath, BUNDLE_SIG_TOKEN);
	} else if (!raw_comment_names_manifest(&sig)) {
		nb_die(NB_EXIT_BAD,
		       "%s: trusted comment has no %s (sign the extracted file named \"manifest\")",
		       sigpath, BUNDLE_SIG_TOKEN);
	}
	nb_bundle_put_sig(bundle, sigbuf, sig_len);
	printf("nodebundle: attached %s to %s (key %s%s)\n", sigpath, bundle,
	       minisign_key_id_str(sig.key_id, id),
	       ring.count > 0 ? ", verified" : "; not verified here: run nodebundle verify");
	return NB_EXIT_OK;
}
