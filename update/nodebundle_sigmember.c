#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "bundle_verify.h"
#include "nodebundle.h"
#include "tar_header.h"

static void header_read(int fd, const char *path, uint8_t block[TAR_BLOCK_SIZE],
			struct tar_member *m, const char *what)
{
	struct upd_error err;

	nb_read_exact(fd, block, TAR_BLOCK_SIZE, path);
	if (tar_block_is_zero(block))
		nb_die(NB_EXIT_BAD, "%s: archive ends where %s was expected", path, what);
	if (tar_header_parse(block, m, &err) < 0)
		nb_die(NB_EXIT_BAD, "%s: %s header: %s", path, what, err.msg);
}

/* The first member, which must be the manifest: header block and padded text. */
static void manifest_member(int fd, const char *path, uint8_t header[TAR_BLOCK_SIZE],
			    uint8_t body[BUNDLE_MANIFEST_BUF_BYTES], size_t *len)
{
	struct tar_member m;

	header_read(fd, path, header, &m, "the manifest");
	if (strcmp(m.name, BUNDLE_MEMBER_MANIFEST) != 0)
		nb_die(NB_EXIT_BAD, "%s: first member is \"%s\", not \"manifest\"", path, m.name);
	if (m.size == 0 || m.size > MANIFEST_MAX_BYTES)
		nb_die(NB_EXIT_BAD, "%s: manifest is %llu bytes; must be 1..%d", path,
		       (unsigned long long)m.size, MANIFEST_MAX_BYTES);
	nb_read_exact(fd, body, (size_t)tar_padded_size(m.size), path);
	*len = (size_t)m.size;
}

void nb_bundle_read_manifest(const char *path, uint8_t *manifest, size_t *len)
{
	uint8_t header[TAR_BLOCK_SIZE];
	int fd = nb_open_read(path);

	manifest_member(fd, path, header, manifest, len);
	if (close(fd) < 0)
		nb_die(NB_EXIT_SYS, "%s: close: %s", path, strerror(errno));
}

void nb_bundle_put_sig(const char *path, const uint8_t *sig, size_t sig_len)
{
	uint8_t mhead[TAR_BLOCK_SIZE], next[TAR_BLOCK_SIZE], shead[TAR_BLOCK_SIZE];
	uint8_t body[BUNDLE_MANIFEST_BUF_BYTES], old[BUNDLE_SIG_BUF_BYTES];
	char tmp[PATH_MAX];
	struct tar_member m;
	struct upd_error err;
	size_t len;
	int in = nb_open_read(path), out, replace;

	manifest_member(in, path, mhead, body, &len);
	header_read(in, path, next, &m, "the member after the manifest");
	replace = strcmp(m.name, BUNDLE_MEMBER_SIG) == 0;
	if (replace) {
		if (m.size > MINISIGN_SIG_FILE_MAX)
			nb_die(NB_EXIT_BAD, "%s: old %s is %llu bytes, more than a signature", path,
			       m.name, (unsigned long long)m.size);
		nb_read_exact(in, old, (size_t)tar_padded_size(m.size), path);
	}
	if (tar_header_build(shead, BUNDLE_MEMBER_SIG, sig_len, nb_member_mtime(), &err) < 0)
		nb_die_upd(path, &err);

	out = nb_tmp_create(path, tmp, sizeof tmp);
	nb_write_all(out, mhead, sizeof mhead, tmp);
	nb_write_all(out, body, (size_t)tar_padded_size(len), tmp);
	nb_write_all(out, shead, sizeof shead, tmp);
	nb_write_all(out, sig, sig_len, tmp);
	nb_write_zeros(out, (size_t)(tar_padded_size(sig_len) - sig_len), tmp);
	if (!replace)
		nb_write_all(out, next, sizeof next, tmp);
	/* the payloads are copied as they are: `nodebundle verify` checks them */
	nb_copy_to_end(in, path, out, tmp);
	if (close(in) < 0)
		nb_die(NB_EXIT_SYS, "%s: close: %s", path, strerror(errno));
	nb_tmp_commit(out, tmp, path);
}
