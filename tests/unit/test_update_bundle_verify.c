/* bundle_verify end to end: a small bundle built here (130 data blocks, two tree levels) is
 * verified from an fd, and every way of breaking it is refused with a message that says what.
 * The sink proves that no unauthenticated byte of the root image ever reaches it. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bundle_verify.h"
#include "check.h"
#include "test_update_fixture.h"

#define DATA_BLOCKS 130
#define MAX_EVENTS 64

static struct bundle_work work;   /* 8.5 MiB: once, not on the stack */
static struct bundle_result res;
static struct upd_error err;
static struct minisign_keyring ring;
static struct fx_bundle b;

/* Rebuilds what it is given in the installed layout and logs the order of events. */
struct rec_sink {
	uint8_t *slot;
	uint8_t *uki;
	enum manifest_payload_index cur;
	int begun[MANIFEST_PAYLOADS], ok[MANIFEST_PAYLOADS], abandoned[MANIFEST_PAYLOADS];
	uint64_t offsets[MAX_EVENTS];
	size_t nroot;          /* root chunks seen */
	uint64_t chunks;
	int fail_after;        /* refuse the n-th chunk (0: never) */
};

static struct rec_sink rec;

static int rec_begin(void *ctx, enum manifest_payload_index which, const struct manifest *m,
		     struct upd_error *e)
{
	struct rec_sink *s = ctx;

	(void)m;
	(void)e;
	s->cur = which;
	s->begun[which]++;
	return 0;
}

static int rec_chunk(void *ctx, uint64_t offset, const uint8_t *buf, size_t len,
		     struct upd_error *e)
{
	struct rec_sink *s = ctx;

	if (s->fail_after && ++s->chunks == (uint64_t)s->fail_after)
		return upd_fail(e, UPD_ERR_SYS, "slot write failed: No space left on device");
	if (s->cur == MANIFEST_ROOT) {
		if (offset + len > b.slot_len)
			return upd_fail(e, UPD_ERR_SYS, "root chunk out of bounds");
		memcpy(s->slot + offset, buf, len);
		if (s->nroot < MAX_EVENTS)
			s->offsets[s->nroot] = offset;
		s->nroot++;
	} else {
		if (offset + len > b.uki_len)
			return upd_fail(e, UPD_ERR_SYS, "uki chunk out of bounds");
		memcpy(s->uki + offset, buf, len);
	}
	return 0;
}

static int rec_end(void *ctx, int ok, struct upd_error *e)
{
	struct rec_sink *s = ctx;

	(void)e;
	if (ok)
		s->ok[s->cur]++;
	else
		s->abandoned[s->cur]++;
	return 0;
}

static const struct bundle_sink sink = { &rec, rec_begin, rec_chunk, rec_end };

static void rec_reset(void)
{
	free(rec.slot);
	free(rec.uki);
	memset(&rec, 0, sizeof rec);
	rec.slot = fx_malloc(b.slot_len);
	rec.uki = fx_malloc(b.uki_len);
}

static int verify_bytes(const uint8_t *bytes, size_t len, const struct bundle_policy *policy)
{
	struct bundle_check c = { .keys = &ring, .sink = &sink };
	int fd = fx_fd(bytes, len), rc;

	if (policy != NULL)
		c.policy = *policy;
	rec_reset();
	err.kind = UPD_ERR_NONE;
	err.msg[0] = '\0';
	rc = bundle_verify(fd, &c, &work, &res, &err);
	close(fd);
	return rc;
}

static int verify_members(const struct fx_member *m, size_t n)
{
	size_t len;
	uint8_t *t = fx_tar(m, n, &len);
	int rc = verify_bytes(t, len, NULL);

	free(t);
	return rc;
}

/* The standard bundle with one byte changed at offset (from the start of the archive). */
static int verify_flipped(size_t offset)
{
	size_t len;
	uint8_t *t = fx_bundle_tar(&b, &len);
	int rc;

	t[offset] ^= 0x01;
	rc = verify_bytes(t, len, NULL);
	free(t);
	return rc;
}

/* Archive offsets of the members' contents. */
static size_t off_manifest(void) { return TAR_BLOCK_SIZE; }
static size_t off_root(void)
{
	return 3 * TAR_BLOCK_SIZE + tar_padded_size(b.manifest_len) + tar_padded_size(b.sig_len);
}
static size_t off_uki(void) { return off_root() + b.root_len + TAR_BLOCK_SIZE; }

static void setup(void)
{
	fx_bundle_free(&b);
	fx_bundle_init(&b, DATA_BLOCKS);
	fx_keyring(&ring, 0);
}

static void good_bundle_verifies_and_the_sink_gets_the_slot_layout(void)
{
	size_t len;
	uint8_t *t;

	setup();
	t = fx_bundle_tar(&b, &len);
	CHECK_INT(verify_bytes(t, len, NULL), 0);
	free(t);
	CHECK(memcmp(rec.slot, b.slot, b.slot_len) == 0);
	CHECK(memcmp(rec.uki, b.uki, b.uki_len) == 0);
	CHECK_INT(rec.begun[MANIFEST_ROOT], 1);
	CHECK_INT(rec.ok[MANIFEST_ROOT], 1);
	CHECK_INT(rec.ok[MANIFEST_UKI], 1);
	CHECK_INT(rec.abandoned[MANIFEST_ROOT] + rec.abandoned[MANIFEST_UKI], 0);
	CHECK(res.key_id == FX_KEY_ID);
	CHECK_STR(res.comment, "timestamp:1700000000\tfile:manifest\thashed");
	CHECK_INT(res.manifest.version.major, 2);
	CHECK_INT(res.manifest.data_blocks, DATA_BLOCKS);
	CHECK_INT(res.archive_bytes, len);
	CHECK_INT(res.manifest_len, b.manifest_len);
	CHECK(memcmp(res.manifest_text, b.manifest, b.manifest_len) == 0);
}

static void tree_comes_first_and_the_superblock_last(void)
{
	uint64_t data_bytes = (uint64_t)DATA_BLOCKS * VERITY_BLOCK_SIZE;
	size_t len;
	uint8_t *t;

	setup();
	t = fx_bundle_tar(&b, &len);
	CHECK_INT(verify_bytes(t, len, NULL), 0);
	free(t);
	CHECK(rec.nroot >= 3 && rec.nroot <= MAX_EVENTS);
	CHECK_INT(rec.offsets[0], data_bytes + VERITY_BLOCK_SIZE);    /* hash levels */
	CHECK_INT(rec.offsets[1], 0);                                 /* data from block 0 */
	for (size_t i = 2; i + 1 < rec.nroot; i++)
		CHECK(rec.offsets[i] > rec.offsets[i - 1] && rec.offsets[i] < data_bytes);
	CHECK_INT(rec.offsets[rec.nroot - 1], data_bytes);            /* superblock */
}

static void bundle_read_from_a_pipe_verifies(void)
{
	struct bundle_check c = { .keys = &ring };
	int fds[2];
	size_t len;
	uint8_t *t;
	pid_t pid;
	int status;

	setup();
	t = fx_bundle_tar(&b, &len);
	CHECK_INT(pipe(fds), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		const uint8_t *p = t;

		close(fds[0]);
		/* small, uneven writes: the reader must cope with short reads */
		while (len > 0) {
			size_t n = len < 777 ? len : 777;
			ssize_t w = write(fds[1], p, n);

			if (w <= 0)
				_exit(1);
			p += w;
			len -= (size_t)w;
		}
		_exit(0);
	}
	close(fds[1]);
	CHECK_INT(bundle_verify(fds[0], &c, &work, &res, &err), 0);
	close(fds[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	free(t);
}

static void changed_data_block_never_reaches_the_sink(void)
{
	size_t block5 = off_root() + (b.m.hash_blocks + 5) * VERITY_BLOCK_SIZE;

	setup();
	CHECK_INT(verify_flipped(block5 + 100), -1);
	CHECK_CONTAINS(err.msg, "root.img: data block 5 does not match its hash in the tree");
	CHECK_INT(err.kind, UPD_ERR_BAD);
	CHECK_INT(rec.abandoned[MANIFEST_ROOT], 1);
	CHECK_INT(rec.ok[MANIFEST_ROOT], 0);
	CHECK_INT(rec.begun[MANIFEST_UKI], 0);
	/* nothing of the chunk holding block 5 (blocks 0..15) was passed on */
	for (size_t i = 0; i < 16 * VERITY_BLOCK_SIZE; i++)
		CHECK_INT(rec.slot[i], 0);
}

static void changed_hash_block_stops_before_any_data(void)
{
	setup();
	CHECK_INT(verify_flipped(off_root() + 2 * VERITY_BLOCK_SIZE + 7), -1);
	CHECK_CONTAINS(err.msg, "root.img: hash tree level 0 block 0 does not match its parent");
	CHECK_INT(rec.nroot, 0);
	CHECK_INT(verify_flipped(off_root() + VERITY_BLOCK_SIZE + 7), -1);
	CHECK_CONTAINS(err.msg, "not to the manifest's verity-root");
	CHECK_INT(rec.nroot, 0);
}

static void changed_superblock_uuid_is_caught_by_the_member_hash(void)
{
	setup();
	CHECK_INT(verify_flipped(off_root() + 16), -1);
	CHECK_CONTAINS(err.msg, "root.img: sha256");
	CHECK_CONTAINS(err.msg, "does not match the manifest's");
	/* the superblock was held back: the slot's superblock block is untouched */
	for (size_t i = 0; i < VERITY_BLOCK_SIZE; i++)
		CHECK_INT(rec.slot[(size_t)DATA_BLOCKS * VERITY_BLOCK_SIZE + i], 0);
	CHECK_INT(rec.abandoned[MANIFEST_ROOT], 1);
}

static void changed_superblock_field_is_refused_before_data(void)
{
	setup();
	CHECK_INT(verify_flipped(off_root() + 72), -1); /* data_blocks */
	CHECK_CONTAINS(err.msg, "superblock says 131 data blocks");
	CHECK_INT(rec.nroot, 0);
}

static void changed_uki_byte_is_refused_at_its_end(void)
{
	setup();
	CHECK_INT(verify_flipped(off_uki() + FX_UKI_LEN - 1), -1);
	CHECK_CONTAINS(err.msg, "uki.efi: sha256");
	CHECK_INT(rec.ok[MANIFEST_ROOT], 1);
	CHECK_INT(rec.ok[MANIFEST_UKI], 0);
	CHECK_INT(rec.abandoned[MANIFEST_UKI], 1);
}

static void changed_manifest_byte_fails_the_signature(void)
{
	setup();
	CHECK_INT(verify_flipped(off_manifest() + 20), -1);
	CHECK_CONTAINS(err.msg, "manifest signature does not verify with key 57870C89E1EABC72");
	CHECK_INT(rec.begun[MANIFEST_ROOT], 0);
}

static void changed_signature_byte_fails(void)
{
	setup();
	/* inside line 2's base64: either undecodable or a different signature */
	CHECK_INT(verify_flipped(off_manifest() + tar_padded_size(b.manifest_len) + TAR_BLOCK_SIZE +
				 strlen("untrusted comment: fixture signature\n") + 30),
		  -1);
	CHECK_CONTAINS(err.msg, "manifest");
}

static void bundle_signed_by_an_untrusted_key_is_refused(void)
{
	setup();
	b.sig_len = fx_sign_with(FX_OTHER_SEED_HEX, FX_OTHER_KEYNUM_HEX, b.manifest, b.manifest_len,
				 "file:manifest", 0, b.sig);
	{
		struct fx_member m[4];

		CHECK_INT(verify_members(m, fx_bundle_members(&b, m)), -1);
	}
	CHECK_CONTAINS(err.msg,
		       "manifest signed with key B12CF334B0F98489, which is not a trusted key "
		       "(trusted: 57870C89E1EABC72)");
	/* ... and accepted once that key is trusted too (key rotation) */
	fx_keyring(&ring, 1);
	{
		struct fx_member m[4];

		CHECK_INT(verify_members(m, fx_bundle_members(&b, m)), 0);
	}
	CHECK(res.key_id == FX_OTHER_KEY_ID);
}

static void signature_of_another_file_is_refused(void)
{
	struct fx_member m[4];

	setup();
	fx_bundle_sign(&b, "timestamp:1700000000\tfile:root.img\thashed");
	CHECK_INT(verify_members(m, fx_bundle_members(&b, m)), -1);
	CHECK_CONTAINS(err.msg, "has no \"file:manifest\"");
}

static void legacy_signature_is_refused(void)
{
	struct fx_member m[4];

	setup();
	b.sig_len = fx_sign_with(FX_SEED_HEX, FX_KEYNUM_HEX, b.manifest, b.manifest_len,
				 "file:manifest", 1, b.sig);
	CHECK_INT(verify_members(m, fx_bundle_members(&b, m)), -1);
	CHECK_CONTAINS(err.msg, "manifest.minisig: legacy");
}

static void missing_signature_member_is_refused(void)
{
	struct fx_member m[4];

	setup();
	fx_bundle_members(&b, m);
	m[1] = m[2];
	m[2] = m[3];
	CHECK_INT(verify_members(m, 3), -1);
	CHECK_CONTAINS(err.msg, "member 2 is \"root.img\"; expected \"manifest.minisig\"");
}

static void duplicate_member_is_refused(void)
{
	struct fx_member m[5];

	setup();
	fx_bundle_members(&b, m);
	m[4] = m[3];
	m[3] = m[2];
	m[2] = m[1];
	CHECK_INT(verify_members(m, 5), -1);
	CHECK_CONTAINS(err.msg, "member 3 is a second \"manifest.minisig\" (duplicate)");
}

static void members_out_of_order_are_refused(void)
{
	struct fx_member m[4], t;

	setup();
	fx_bundle_members(&b, m);
	t = m[2];
	m[2] = m[3];
	m[3] = t;
	CHECK_INT(verify_members(m, 4), -1);
	CHECK_CONTAINS(err.msg, "member 3 is \"uki.efi\"; expected \"root.img\"");
	CHECK_INT(rec.begun[MANIFEST_ROOT], 0);
}

static void missing_payload_is_refused(void)
{
	struct fx_member m[4];

	setup();
	CHECK_INT(verify_members(m, fx_bundle_members(&b, m) - 1), -1);
	CHECK_CONTAINS(err.msg, "archive ends at offset");
	CHECK_CONTAINS(err.msg, "\"uki.efi\" was expected");
}

static void extra_member_is_refused(void)
{
	struct fx_member m[5];

	setup();
	fx_bundle_members(&b, m);
	m[4] = (struct fx_member){ "README", "hi\n", 3 };
	CHECK_INT(verify_members(m, 5), -1);
	CHECK_CONTAINS(err.msg, "extra member \"README\" after \"uki.efi\"");
}

static void data_after_the_end_blocks_is_refused(void)
{
	size_t len;
	uint8_t *t, *longer;

	setup();
	t = fx_bundle_tar(&b, &len);
	longer = fx_malloc(len + TAR_BLOCK_SIZE);
	memcpy(longer, t, len);
	/* even zeros: a bundle ends after exactly two zero blocks */
	CHECK_INT(verify_bytes(longer, len + 1, NULL), -1);
	CHECK_CONTAINS(err.msg, "data after the end-of-archive blocks");
	longer[len] = 'x';
	CHECK_INT(verify_bytes(longer, len + 1, NULL), -1);
	free(t);
	free(longer);
}

static void truncation_anywhere_is_refused(void)
{
	size_t len, cuts[8];
	uint8_t *t;

	setup();
	t = fx_bundle_tar(&b, &len);
	cuts[0] = 0;
	cuts[1] = 100;
	cuts[2] = off_manifest() + 10;
	cuts[3] = off_root() - 1;
	cuts[4] = off_root() + 3 * VERITY_BLOCK_SIZE;
	cuts[5] = off_root() + b.root_len - 1;
	cuts[6] = off_uki() + 1000;
	cuts[7] = len - 1;
	for (size_t i = 0; i < 8; i++) {
		CHECK_INT(verify_bytes(t, cuts[i], NULL), -1);
		CHECK_CONTAINS(err.msg, "truncated");
		CHECK_INT(err.kind, UPD_ERR_BAD);
	}
	CHECK_INT(verify_bytes(t, len - TAR_BLOCK_SIZE, NULL), -1);
	CHECK_CONTAINS(err.msg, "end-of-archive");
	free(t);
}

static void member_size_must_match_the_manifest(void)
{
	struct fx_member m[4];

	setup();
	b.m.payload[MANIFEST_UKI].size = FX_UKI_LEN + 1;
	fx_bundle_sign(&b, "file:manifest");
	CHECK_INT(verify_members(m, fx_bundle_members(&b, m)), -1);
	CHECK_CONTAINS(err.msg, "member uki.efi is 70001 bytes, the manifest says 70002");
}

static void hash_blocks_must_fit_data_blocks(void)
{
	struct fx_member m[4];

	setup();
	b.m.data_blocks += 1;
	b.m.hash_blocks -= 1;
	fx_bundle_sign(&b, "file:manifest");
	CHECK_INT(verify_members(m, fx_bundle_members(&b, m)), -1);
	CHECK_CONTAINS(err.msg, "hash-blocks 3, but 131 data blocks need 4");
}

static void oversized_root_is_refused_by_policy_before_reading_it(void)
{
	struct fx_member m[4];

	setup();
	b.m.data_blocks = VERITY_MAX_DATA_BLOCKS + 1;
	b.m.hash_blocks = 3000;
	b.m.payload[MANIFEST_ROOT].size = (b.m.data_blocks + b.m.hash_blocks) * VERITY_BLOCK_SIZE;
	fx_bundle_sign(&b, "file:manifest");
	CHECK_INT(verify_members(m, fx_bundle_members(&b, m)), -1);
	CHECK_CONTAINS(err.msg, "more than the 262144 (1 GiB) allowed");
	CHECK_INT(err.kind, UPD_ERR_POLICY);
	CHECK_INT(rec.begun[MANIFEST_ROOT], 0);
}

static void nonzero_member_padding_is_refused(void)
{
	size_t len;
	uint8_t *t;

	setup();
	t = fx_bundle_tar(&b, &len);
	t[off_uki() + FX_UKI_LEN + 3] = 1;
	CHECK_INT(verify_bytes(t, len, NULL), -1);
	CHECK_CONTAINS(err.msg, "padding after member \"uki.efi\" is not zero");
	free(t);
}

static void oversized_small_members_are_refused(void)
{
	static char big[MINISIGN_SIG_FILE_MAX + 1];
	struct fx_member m[4];

	setup();
	fx_bundle_members(&b, m);
	memset(big, 'a', sizeof big);
	m[0].data = big;
	m[0].len = MANIFEST_MAX_BYTES + 1;
	CHECK_INT(verify_members(m, 4), -1);
	CHECK_CONTAINS(err.msg, "member manifest is 4097 bytes; must be 1..4096");
	fx_bundle_members(&b, m);
	m[1].data = big;
	m[1].len = sizeof big;
	CHECK_INT(verify_members(m, 4), -1);
	CHECK_CONTAINS(err.msg, "member manifest.minisig is");
}

static void sink_failure_stops_verification_and_says_why(void)
{
	size_t len;
	uint8_t *t;
	struct bundle_check c = { .keys = &ring, .sink = &sink };
	int fd;

	setup();
	t = fx_bundle_tar(&b, &len);
	fd = fx_fd(t, len);
	rec_reset();
	rec.fail_after = 3;
	CHECK_INT(bundle_verify(fd, &c, &work, &res, &err), -1);
	close(fd);
	free(t);
	CHECK_CONTAINS(err.msg, "No space left on device");
	CHECK_CONTAINS(err.msg, "root.img: writing");
	CHECK_INT(err.kind, UPD_ERR_SYS);
	CHECK_INT(rec.abandoned[MANIFEST_ROOT], 1);
}

static void no_trusted_keys_is_an_error(void)
{
	size_t len;
	uint8_t *t;

	setup();
	memset(&ring, 0, sizeof ring);
	t = fx_bundle_tar(&b, &len);
	CHECK_INT(verify_bytes(t, len, NULL), -1);
	CHECK_CONTAINS(err.msg, "no trusted keys");
	free(t);
}

static int verify_with_policy(const char *product, const char *installed, const char *floor)
{
	struct version vi, vf;
	struct bundle_policy p = { product, NULL, NULL };
	size_t len;
	uint8_t *t = fx_bundle_tar(&b, &len);
	int rc;

	if (installed && version_parse(installed, strlen(installed), &vi, &err) == 0)
		p.installed = &vi;
	if (floor && version_parse(floor, strlen(floor), &vf, &err) == 0)
		p.floor = &vf;
	rc = verify_bytes(t, len, &p);
	free(t);
	return rc;
}

static void policy_accepts_an_upgrade_and_a_reinstall(void)
{
	setup(); /* version 2.0.0, min-version 1.0.0 */
	CHECK_INT(verify_with_policy("node", "1.0.0", "1.0.0"), 0);
	CHECK_INT(verify_with_policy("node", "1.5.3", "2.0.0"), 0);
	CHECK_INT(verify_with_policy("node", "2.0.0", "2.0.0"), 0);
}

static void policy_refuses_another_product(void)
{
	setup();
	CHECK_INT(verify_with_policy("gateway", "1.0.0", "1.0.0"), -1);
	CHECK_CONTAINS(err.msg, "bundle is for product \"node\", this is \"gateway\"");
	CHECK_INT(err.kind, UPD_ERR_POLICY);
	CHECK_INT(rec.begun[MANIFEST_ROOT], 0);
}

static void policy_refuses_a_version_below_the_floor(void)
{
	setup();
	CHECK_INT(verify_with_policy("node", "1.0.0", "2.0.1"), -1);
	CHECK_CONTAINS(err.msg, "version 2.0.0 is below the anti-rollback floor 2.0.1");
	CHECK_INT(err.kind, UPD_ERR_POLICY);
}

static void policy_refuses_a_node_older_than_min_version(void)
{
	setup();
	CHECK_INT(verify_with_policy("node", "0.9.9", "0.1.0"), -1);
	CHECK_CONTAINS(err.msg, "installed version 0.9.9 is older than the bundle's min-version 1.0.0");
}

static void policy_refuses_a_downgrade(void)
{
	setup();
	CHECK_INT(verify_with_policy("node", "2.0.1", "1.0.0"), -1);
	CHECK_CONTAINS(err.msg, "version 2.0.0 is older than the installed 2.0.1");
	CHECK_INT(verify_with_policy("node", "10.0.0", "1.0.0"), -1);
}

static void single_block_root_image_verifies(void)
{
	size_t len;
	uint8_t *t;

	fx_bundle_free(&b);
	fx_bundle_init(&b, 1);
	fx_keyring(&ring, 0);
	t = fx_bundle_tar(&b, &len);
	CHECK_INT(verify_bytes(t, len, NULL), 0);
	CHECK(memcmp(rec.slot, b.slot, b.slot_len) == 0);
	t[off_root() + VERITY_BLOCK_SIZE] ^= 1;
	CHECK_INT(verify_bytes(t, len, NULL), -1);
	CHECK_CONTAINS(err.msg, "data block 0 does not match");
	free(t);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(good_bundle_verifies_and_the_sink_gets_the_slot_layout);
	RUN(tree_comes_first_and_the_superblock_last);
	RUN(bundle_read_from_a_pipe_verifies);
	RUN(changed_data_block_never_reaches_the_sink);
	RUN(changed_hash_block_stops_before_any_data);
	RUN(changed_superblock_uuid_is_caught_by_the_member_hash);
	RUN(changed_superblock_field_is_refused_before_data);
	RUN(changed_uki_byte_is_refused_at_its_end);
	RUN(changed_manifest_byte_fails_the_signature);
	RUN(changed_signature_byte_fails);
	RUN(bundle_signed_by_an_untrusted_key_is_refused);
	RUN(signature_of_another_file_is_refused);
	RUN(legacy_signature_is_refused);
	RUN(missing_signature_member_is_refused);
	RUN(duplicate_member_is_refused);
	RUN(members_out_of_order_are_refused);
	RUN(missing_payload_is_refused);
	RUN(extra_member_is_refused);
	RUN(data_after_the_end_blocks_is_refused);
	RUN(truncation_anywhere_is_refused);
	RUN(member_size_must_match_the_manifest);
	RUN(hash_blocks_must_fit_data_blocks);
	RUN(oversized_root_is_refused_by_policy_before_reading_it);
	RUN(nonzero_member_padding_is_refused);
	RUN(oversized_small_members_are_refused);
	RUN(sink_failure_stops_verification_and_says_why);
	RUN(no_trusted_keys_is_an_error);
	RUN(policy_accepts_an_upgrade_and_a_reinstall);
	RUN(policy_refuses_another_product);
	RUN(policy_refuses_a_version_below_the_floor);
	RUN(policy_refuses_a_node_older_than_min_version);
	RUN(policy_refuses_a_downgrade);
	RUN(single_block_root_image_verifies);
	fx_bundle_free(&b);
	free(rec.slot);
	free(rec.uki);
	return check_done();
}
