/* Unsealing the image's secrets into /run/secrets with the node key (secrets.h). */
#include "secrets.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirscan.h"
#include "errbuf.h"
#include "fileio.h"

/* A tmpfs of its own: root only, nothing executable, bounded (SECRETS_MAX secrets of at most
 * SEAL_CONTENT_MAX bytes each fit). */
#define SECRETS_TMPFS_OPTS "mode=0700,size=8m,nr_inodes=128"

struct sealed_list {
	unsigned count;
	int overflow;
	char name[SECRETS_MAX][SEAL_NAME_MAX + sizeof SEAL_SUFFIX];
};

/* Static: PID 1 does not allocate. The plaintext buffer is wiped after each secret. */
static uint8_t file_buf[SEAL_FILE_MAX];
static uint8_t plain_buf[SEAL_INNER_MAX];

static int collect(int dirfd, const char *name, unsigned char type, void *ctx)
{
	struct sealed_list *l = ctx;
	size_t n = strlen(name), sl = strlen(SEAL_SUFFIX);

	(void)dirfd;
	if (n <= sl || strcmp(name + n - sl, SEAL_SUFFIX) != 0 ||
	    (type != DT_REG && type != DT_UNKNOWN))
		return 0;
	if (l->count == SECRETS_MAX || n >= sizeof l->name[0]) {
		l->overflow = 1;
		return 0;
	}
	memcpy(l->name[l->count++], name, n + 1);
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* 1 with the list filled, 0 when the image has no sealed secret, -1 on error. */
static int list_sealed(struct sealed_list *l, char *err, size_t errcap)
{
	int fd = open(SECRETS_SEALED_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	l->count = 0;
	l->overflow = 0;
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		err_set(err, errcap, "open %s: %s", SECRETS_SEALED_DIR, strerror(errno));
		return -1;
	}
	if (dirscan(fd, collect, l) != 0) {
		err_set(err, errcap, "read directory %s: %s", SECRETS_SEALED_DIR, strerror(errno));
		fd_close_keep_errno(fd);
		return -1;
	}
	fd_close_keep_errno(fd);
	if (l->overflow) {
		err_set(err, errcap, "%s holds more than %d sealed secrets, or a name that is too long",
			SECRETS_SEALED_DIR, SECRETS_MAX);
		return -1;
	}
	qsort(l->name, l->count, sizeof l->name[0], name_cmp);
	return l->count > 0;
}

/* The node key: a root-owned file nobody else may read, holding one "node-key <hex>" line. */
static int load_key(uint8_t sk[SEAL_KEY_LEN], uint8_t pk[SEAL_KEY_LEN], char keyid[17], char *err,
		    size_t errcap)
{
	char text[SEAL_KEYFILE_MAX], why[ERR_MAX];
	uint8_t hash[crypto_generichash_BYTES];
	struct stat st;
	size_t len;
	int r;

	if (lstat(SECRETS_NODE_KEY, &st) != 0) {
		err_set(err, errcap, "node key %s: %s (it is written at install; without it no secret "
			"opens)", SECRETS_NODE_KEY, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 077) != 0) {
		err_set(err, errcap, "node key %s: refused: must be a regular file owned by root with "
			"mode 0600 or stricter (it is mode %04o, uid %u)", SECRETS_NODE_KEY,
			(unsigned)(st.st_mode & 07777), (unsigned)st.st_uid);
		return -1;
	}
	if (file_read_all(SECRETS_NODE_KEY, text, sizeof text, &len) != 0) {
		err_set(err, errcap, "node key %s: read: %s", SECRETS_NODE_KEY, strerror(errno));
		return -1;
	}
	r = seal_key_parse(text, len, SEAL_SECRET_TAG, sk, why, sizeof why);
	sodium_memzero(text, sizeof text);
	if (r != 0) {
		err_set(err, errcap, "node key %s: %s", SECRETS_NODE_KEY, why);
		return -1;
	}
	if (crypto_scalarmult_base(pk, sk) != 0 ||
	    crypto_generichash(hash, sizeof hash, pk, SEAL_KEY_LEN, NULL, 0) != 0) {
		err_set(err, errcap, "node key %s: not a usable X25519 key", SECRETS_NODE_KEY);
		return -1;
	}
	seal_keyid_hex(hash, keyid);
	return 0;
}

static int unseal_one(const char *file, const uint8_t sk[SEAL_KEY_LEN],
		      const uint8_t pk[SEAL_KEY_LEN], const char *keyid, char *err, size_t errcap)
{
	char path[sizeof SECRETS_SEALED_DIR + SEAL_NAME_MAX + sizeof SEAL_SUFFIX + 1];
	char out[sizeof SECRETS_RUN_DIR + SEAL_NAME_MAX + 2];
	char tmp[sizeof out + 8], want_id[17], why[ERR_MAX];
	struct seal_header h;
	struct seal_inner in;
	size_t len, plen, base = strlen(file) - strlen(SEAL_SUFFIX);
	int r;

	snprintf(path, sizeof path, "%s/%s", SECRETS_SEALED_DIR, file);
	if (file_read_all(path, (char *)file_buf, sizeof file_buf, &len) != 0) {
		err_set(err, errcap, "%s: read: %s", path, strerror(errno));
		return -1;
	}
	if (seal_header_parse(file_buf, len, &h, why, sizeof why) != 0) {
		err_set(err, errcap, "%s: %s", path, why);
		return -1;
	}
	if (strlen(h.name) != base || memcmp(h.name, file, base) != 0) {
		err_set(err, errcap, "%s: its header names the secret '%s', not its file name", path,
			h.name);
		return -1;
	}
	seal_keyid_hex(h.keyid, want_id);
	if (strcmp(want_id, keyid) != 0) {
		err_set(err, errcap, "%s: sealed for node key %s, but this node's key (%s) is %s",
			path, want_id, SECRETS_NODE_KEY, keyid);
		return -1;
	}
	plen = h.box_len - SEAL_BOX_OVERHEAD;
	if (plen > sizeof plain_buf ||
	    crypto_box_seal_open(plain_buf, file_buf + h.box_off, h.box_len, pk, sk) != 0) {
		err_set(err, errcap, "%s: does not open with node key %s: the file is corrupted or "
			"was altered", path, keyid);
		return -1;
	}
	r = seal_inner_parse(plain_buf, plen, &in, why, sizeof why);
	if (r == 0 && strcmp(in.name, h.name) != 0) {
		snprintf(why, sizeof why, "opened, but it was sealed as '%s'", in.name);
		r = -1;
	}
	if (r == 0) {
		snprintf(out, sizeof out, "%s/%s", SECRETS_RUN_DIR, in.name);
		snprintf(tmp, sizeof tmp, "%s/.%s.tmp", SECRETS_RUN_DIR, in.name);
		/* the mode the staging side asked for, never more than the owner's bits */
		if (file_write_atomic(out, tmp, in.content, in.content_len, in.mode & 0700) != 0) {
			snprintf(why, sizeof why, "write %s: %s", out, strerror(errno));
			r = -1;
		}
	}
	sodium_memzero(plain_buf, plen);
	if (r != 0) {
		err_set(err, errcap, "%s: %s", path, why);
		return -1;
	}
	return 0;
}

int secrets_unseal(struct secrets_result *res, char *err, size_t errcap)
{
	static struct sealed_list list;
	uint8_t sk[SEAL_KEY_LEN], pk[SEAL_KEY_LEN];
	unsigned i;
	int r;

	res->count = 0;
	res->keyid[0] = '\0';
	r = list_sealed(&list, err, errcap);
	if (r <= 0)
		return r;
	/*
	 * No sodium_init(): it links every primitive's CPU dispatch (init grew from 0.15 to 1.8 MB,
	 * and init rides in the initramfs) and seeds the random source, which PID 1 does not need.
	 * The functions used here start on their portable implementations and need no set-up.
	 */
	if (load_key(sk, pk, res->keyid, err, errcap) != 0)
		return -1;
	if (mkdir(SECRETS_RUN_DIR, 0700) != 0 && errno != EEXIST) {
		err_set(err, errcap, "mkdir %s: %s", SECRETS_RUN_DIR, strerror(errno));
		sodium_memzero(sk, sizeof sk);
		return -1;
	}
	if (mount("tmpfs", SECRETS_RUN_DIR, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  SECRETS_TMPFS_OPTS) != 0) {
		err_set(err, errcap, "mount tmpfs on %s: %s", SECRETS_RUN_DIR, strerror(errno));
		sodium_memzero(sk, sizeof sk);
		return -1;
	}
	for (i = 0; i < list.count; i++) {
		if (unseal_one(list.name[i], sk, pk, res->keyid, err, errcap) != 0) {
			/* all or nothing: what was opened goes away with the tmpfs */
			if (umount2(SECRETS_RUN_DIR, MNT_DETACH) != 0) {
				size_t n = strlen(err);

				if (n < errcap)
					snprintf(err + n, errcap - n, "; and umount %s: %s",
						 SECRETS_RUN_DIR, strerror(errno));
			}
			sodium_memzero(sk, sizeof sk);
			res->count = 0;
			return -1;
		}
		res->count++;
	}
	sodium_memzero(sk, sizeof sk);
	return 0;
}
