/* nodebundle, the staging-side bundle tool: shared declarations of its subcommands and helpers.
 * Exit codes (also in update/README.md): 0 ok, 1 bundle or input rejected (malformed, forged,
 * corrupt), 2 refused by policy (product, versions, size limits), 100 usage, 111 system error. */
#ifndef NODEBUNDLE_H
#define NODEBUNDLE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "upd_attr.h"
#include "upd_error.h"

#define NB_EXIT_OK 0
#define NB_EXIT_BAD 1
#define NB_EXIT_POLICY 2
#define NB_EXIT_USAGE 100
#define NB_EXIT_SYS 111

int nb_create(int argc, char **argv);
int nb_sign(int argc, char **argv);
int nb_attach_sig(int argc, char **argv);
int nb_verify(int argc, char **argv);
int nb_sign_file(int argc, char **argv);

/* x-helpers: print "nodebundle: ..." and exit, removing a registered temporary file first. */
_Noreturn void nb_die(int code, const char *fmt, ...) UPD_PRINTF(2, 3);
_Noreturn void nb_die_upd(const char *context, const struct upd_error *err);
_Noreturn void nb_usage(const char *fmt, ...) UPD_PRINTF(1, 2);
/* "CMD -s KEY FILE" (sign, sign-file): the key's path, and FILE, which must not be "-" (both
 * commands write beside it); anything else is a usage error naming cmd and what FILE is. */
const char *nb_key_and_file(int argc, char **argv, const char *cmd, const char *what,
			    const char **keypath);
int nb_open_read(const char *path);
void nb_read_small(const char *path, uint8_t *buf, size_t cap, size_t *len);
void nb_read_exact(int fd, void *buf, size_t len, const char *path);
void nb_pread_exact(int fd, void *buf, size_t len, off_t off, const char *path);
void nb_write_all(int fd, const void *buf, size_t len, const char *path);
void nb_pwrite_all(int fd, const void *buf, size_t len, off_t off, const char *path);
void nb_write_zeros(int fd, size_t len, const char *path);
void nb_copy_to_end(int in, const char *inpath, int out, const char *outpath);
void *nb_malloc(size_t len);

/* A new file is written beside its final name and renamed only when complete. */
int nb_tmp_create(const char *final, char *tmp, size_t cap);
void nb_tmp_commit(int fd, const char *tmp, const char *final);

/* The archive time of new members and the timestamp of new signatures: SOURCE_DATE_EPOCH if set
 * (reproducible), else now. */
uint64_t nb_member_mtime(void);

/* The manifest (first member) of the bundle at path: BUNDLE_MANIFEST_BUF_BYTES of buffer. */
void nb_bundle_read_manifest(const char *path, uint8_t *manifest, size_t *len);
/* Replaces or inserts manifest.minisig in the bundle at path (rewritten through a temporary
 * file). The payloads are copied unchanged. */
void nb_bundle_put_sig(const char *path, const uint8_t *sig, size_t sig_len);

/* Adds the key of a minisign public key file (-p, up to MINISIGN_KEYRING_MAX times). */
struct minisign_keyring;
void nb_keyring_add_file(const char *path, struct minisign_keyring *ring);

/* The .verity file image/build-rootimg.sh writes beside a root image (shell assignments). */
#define NB_VERITY_ENV_MAX 4096
struct nb_verity_env {
	uint64_t data_blocks;
	uint64_t hash_start;     /* in 4 KiB blocks: data_blocks + 1 (the superblock) */
	uint8_t root[32];
	uint8_t salt[32];
};
void nb_verity_env_load(const char *path, struct nb_verity_env *v);

/* An unencrypted minisign secret key (minisign -G -W) and signing in minisign's format. */
#define NB_SECKEY_FILE_MAX 2048
#define NB_SIG_TEXT_MAX 1024     /* the signature file nodebundle writes */
struct nb_seckey {
	uint64_t key_id;
	uint8_t keynum[8];
	uint8_t sk[64];          /* libsodium layout: seed || public key */
};
void nb_seckey_load(const char *path, struct nb_seckey *k);
void nb_seckey_wipe(struct nb_seckey *k);
/* A prehashed ("ED") signature file of msg with trusted comment, into out (NB_SIG_TEXT_MAX); its
 * untrusted comment names the key. */
void nb_minisign_sign(const struct nb_seckey *k, const uint8_t *msg, size_t len,
		      const char *comment, char *out, size_t *out_len);
/* The same from the message's BLAKE2b-512 digest (MINISIGN_PREHASH_BYTES; streamed files), with
 * the untrusted comment given (the text after "untrusted comment: "). */
void nb_minisign_sign_prehashed(const struct nb_seckey *k, const uint8_t *digest,
				const char *untrusted, const char *comment, char *out,
				size_t *out_len);

#endif
