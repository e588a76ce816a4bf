#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle_verify.h"
#include "nodebundle.h"

/* Discards payloads but checks that the verifier delivered each one whole, in bounds. */
struct count_sink {
	const struct manifest *m;
	enum manifest_payload_index which;
	uint64_t bytes[MANIFEST_PAYLOADS];
};

static int count_begin(void *ctx, enum manifest_payload_index which, const struct manifest *m,
		       struct upd_error *err)
{
	struct count_sink *s = ctx;

	(void)err;
	s->m = m;
	s->which = which;
	return 0;
}

static int count_chunk(void *ctx, uint64_t offset, const uint8_t *buf, size_t len,
		       struct upd_error *err)
{
	struct count_sink *s = ctx;

	(void)buf;
	if (offset + len > s->m->payload[s->which].size)
		return upd_fail(err, UPD_ERR_SYS, "chunk beyond the payload's end");
	s->bytes[s->which] += len;
	return 0;
}

static int count_end(void *ctx, int ok, struct upd_error *err)
{
	struct count_sink *s = ctx;

	if (ok && s->bytes[s->which] != s->m->payload[s->which].size)
		return upd_fail(err, UPD_ERR_SYS, "delivered %llu of %llu bytes",
				(unsigned long long)s->bytes[s->which],
				(unsigned long long)s->m->payload[s->which].size);
	return 0;
}

static const struct version *version_arg(const char *opt, const char *s, struct version *v)
{
	struct upd_error err;

	if (version_parse(s, strlen(s), v, &err) < 0)
		nb_die_upd(opt, &err);
	return v;
}

int nb_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "product", required_argument, NULL, 'P' },
		{ "installed", required_argument, NULL, 'i' },
		{ "floor", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct minisign_keyring ring = { 0 };
	struct version installed, floor;
	struct count_sink counts = { 0 };
	struct bundle_sink sink = { &counts, count_begin, count_chunk, count_end };
	struct bundle_check check = { .keys = &ring, .sink = &sink };
	struct bundle_result *res = nb_malloc(sizeof *res);
	struct bundle_work *work = nb_malloc(sizeof *work);
	struct upd_error err;
	char id[MINISIGN_KEY_ID_STR], context[64 + 4096];
	const char *path;
	int c, fd;

	while ((c = getopt_long(argc, argv, "p:", opts, NULL)) != -1) {
		switch (c) {
		case 'p': nb_keyring_add_file(optarg, &ring); break;
		case 'P': check.policy.product = optarg; break;
		case 'i': check.policy.installed = version_arg("--installed", optarg, &installed); break;
		case 'f': check.policy.floor = version_arg("--floor", optarg, &floor); break;
		default: nb_usage("verify: unknown option");
		}
	}
	if (ring.count == 0 || optind != argc - 1)
		nb_usage("verify needs at least one -p KEY.pub and one BUNDLE (or - for stdin)");
	path = argv[optind];
	fd = nb_open_read(path);
	snprintf(context, sizeof context, "bundle %s", path);
	if (bundle_verify(fd, &check, work, res, &err) < 0)
		nb_die_upd(context, &err);
	if (fd != STDIN_FILENO && close(fd) < 0)
		nb_die(NB_EXIT_SYS, "%s: close: %s", path, strerror(errno));
	/* the exact signed bytes, as an operator would read them with tar xOf */
	fwrite(res->manifest_text, 1, res->manifest_len, stdout);
	printf("nodebundle: %s: verified: manifest signed by key %s (trusted comment \"%s\"); "
	       "root.img %llu bytes (%llu data blocks checked against the hash tree), uki.efi %llu "
	       "bytes; sha256 of both match\n",
	       path, minisign_key_id_str(res->key_id, id), res->comment,
	       (unsigned long long)counts.bytes[MANIFEST_ROOT],
	       (unsigned long long)res->manifest.data_blocks,
	       (unsigned long long)counts.bytes[MANIFEST_UKI]);
	if (fflush(stdout) != 0)
		nb_die(NB_EXIT_SYS, "stdout: %s", strerror(errno));
	free(work);
	free(res);
	return NB_EXIT_OK;
}
