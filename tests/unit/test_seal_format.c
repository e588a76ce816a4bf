/* Sealed secret files: header and inner layout, key files, and a round trip through libsodium. */
#include <sodium.h>

#include "check.h"
#include "seal_format.h"

static char err[384];
static uint8_t file[SEAL_FILE_MAX + 16];
static uint8_t inner[SEAL_INNER_MAX];
static uint8_t plain[SEAL_INNER_MAX];
static const uint8_t keyid[SEAL_KEYID_LEN] = { 0x14, 0xdb, 0x3f, 0x7a, 0x76, 0xf6, 0x45, 0x4a };

/* A whole sealed file, as nodeseal makes it (random ephemeral key here). Returns its length. */
static size_t seal(const char *name, unsigned mode, const char *content, const uint8_t pk[32])
{
	size_t h = seal_header_build(file, sizeof file, name, keyid);
	size_t n = seal_inner_build(inner, sizeof inner, name, mode, (const uint8_t *)content,
				    strlen(content));

	if (h == 0 || n == 0 || crypto_box_seal(file + h, inner, n, pk) != 0)
		return 0;
	return h + SEAL_BOX_OVERHEAD + n;
}

static void names_are_checked(void)
{
	CHECK(seal_name_valid("containerd.toml", 15));
	CHECK(seal_name_valid("node-tls_key.pem", 16));
	CHECK(!seal_name_valid("", 0));
	CHECK(!seal_name_valid(".hidden", 7));
	CHECK(!seal_name_valid("../etc/passwd", 13));
	CHECK(!seal_name_valid("a/b", 3));
	CHECK(!seal_name_valid("a b", 3));
	CHECK(!seal_name_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 65));
}

static void a_sealed_file_opens_with_the_key(void)
{
	uint8_t pk[32], sk[32];
	struct seal_header h;
	struct seal_inner in;
	size_t len;

	crypto_box_keypair(pk, sk);
	len = seal("registry", 0600, "node:secret", pk);
	CHECK(len > 0);
	CHECK_INT(seal_header_parse(file, len, &h, err, sizeof err), 0);
	CHECK_STR(h.name, "registry");
	CHECK(memcmp(h.keyid, keyid, sizeof keyid) == 0);
	CHECK_INT(h.box_off, SEAL_HEADER_FIXED + 8);
	CHECK_INT(crypto_box_seal_open(plain, file + h.box_off, h.box_len, pk, sk), 0);
	CHECK_INT(seal_inner_parse(plain, h.box_len - SEAL_BOX_OVERHEAD, &in, err, sizeof err), 0);
	CHECK_STR(in.name, "registry");
	CHECK_INT(in.mode, 0600);
	CHECK_INT(in.content_len, 11);
	CHECK(memcmp(in.content, "node:secret", 11) == 0);
}

static void another_key_or_a_flipped_byte_does_not_open(void)
{
	uint8_t pk[32], sk[32], pk2[32], sk2[32];
	struct seal_header h;
	size_t len, i;

	crypto_box_keypair(pk, sk);
	crypto_box_keypair(pk2, sk2);
	len = seal("x", 0600, "content", pk);
	CHECK_INT(seal_header_parse(file, len, &h, err, sizeof err), 0);
	CHECK(crypto_box_seal_open(plain, file + h.box_off, h.box_len, pk2, sk2) != 0);
	for (i = h.box_off; i < len; i++) {
		file[i] ^= 0x01;
		CHECK(crypto_box_seal_open(plain, file + h.box_off, h.box_len, pk, sk) != 0);
		file[i] ^= 0x01;
	}
	CHECK_INT(crypto_box_seal_open(plain, file + h.box_off, h.box_len, pk, sk), 0);
}

static void bad_headers_are_refused(void)
{
	uint8_t pk[32], sk[32];
	struct seal_header h;
	size_t len, cut;

	crypto_box_keypair(pk, sk);
	len = seal("name", 0600, "c", pk);
	for (cut = 0; cut < SEAL_HEADER_FIXED + 4 + SEAL_BOX_OVERHEAD + 7; cut++)
		CHECK(seal_header_parse(file, cut, &h, err, sizeof err) != 0);
	CHECK_INT(seal_header_parse(file, len, &h, err, sizeof err), 0);
	CHECK(seal_header_parse(file, SEAL_FILE_MAX + 1, &h, err, sizeof err) != 0);
	CHECK_CONTAINS(err, "larger than");
	file[0] = 'X';
	CHECK(seal_header_parse(file, len, &h, err, sizeof err) != 0);
	CHECK_CONTAINS(err, "magic");
	file[0] = 'N';
	file[SEAL_MAGIC_LEN] = 2;
	CHECK(seal_header_parse(file, len, &h, err, sizeof err) != 0);
	CHECK_CONTAINS(err, "version 2");
	file[SEAL_MAGIC_LEN] = SEAL_VERSION;
	file[SEAL_MAGIC_LEN + 1] = 200;	/* a name longer than the file */
	CHECK(seal_header_parse(file, len, &h, err, sizeof err) != 0);
	CHECK_CONTAINS(err, "truncated");
	file[SEAL_MAGIC_LEN + 1] = 4;
	file[SEAL_HEADER_FIXED] = '/';
	CHECK(seal_header_parse(file, len, &h, err, sizeof err) != 0);
	CHECK_CONTAINS(err, "not a valid secret name");
}

static void bad_inner_plaintext_is_refused(void)
{
	struct seal_inner in;
	size_t n = seal_inner_build(inner, sizeof inner, "abc", 0640, (const uint8_t *)"zz", 2);

	CHECK_INT(n, 3 + 3 + 2);
	CHECK_INT(seal_inner_parse(inner, n, &in, err, sizeof err), 0);
	CHECK_INT(in.mode, 0640);
	CHECK(seal_inner_parse(inner, 0, &in, err, sizeof err) != 0);
	CHECK(seal_inner_parse(inner, 5, &in, err, sizeof err) != 0);
	CHECK_CONTAINS(err, "truncated");
	inner[5] = 0x10;	/* mode 010000 + ... */
	CHECK(seal_inner_parse(inner, n, &in, err, sizeof err) != 0);
	CHECK_CONTAINS(err, "beyond 0777");
	CHECK_INT(seal_inner_build(inner, sizeof inner, "abc", 01000, (const uint8_t *)"", 0), 0);
	CHECK_INT(seal_inner_build(inner, sizeof inner, ".x", 0600, (const uint8_t *)"", 0), 0);
	CHECK_INT(seal_inner_build(inner, 5, "abc", 0600, (const uint8_t *)"zz", 2), 0);
}

static void key_files_parse(void)
{
	const char *good = "node-key 00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF\n";
	uint8_t k[32];

	CHECK_INT(seal_key_parse(good, strlen(good), "node-key", k, err, sizeof err), 0);
	CHECK_INT(k[0], 0x00);
	CHECK_INT(k[1], 0x11);
	CHECK_INT(k[31], 0xff);
	CHECK_INT(seal_key_parse(good, strlen(good) - 1, "node-key", k, err, sizeof err), 0);
	CHECK(seal_key_parse(good, strlen(good), "node-pub", k, err, sizeof err) != 0);
	CHECK(seal_key_parse(good, strlen(good) - 2, "node-key", k, err, sizeof err) != 0);
	CHECK(seal_key_parse("node-key 0g112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
			     73, "node-key", k, err, sizeof err) != 0);
	CHECK_CONTAINS(err, "non-hex");
	/* the reason never carries the key's digits */
	CHECK(strstr(err, "0g11") == NULL);
	CHECK(seal_key_parse("", 0, "node-key", k, err, sizeof err) != 0);
}

static void key_ids_print_as_hex(void)
{
	char hex[17];

	seal_keyid_hex(keyid, hex);
	CHECK_STR(hex, "14DB3F7A76F6454A");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	RUN(names_are_checked);
	RUN(a_sealed_file_opens_with_the_key);
	RUN(another_key_or_a_flipped_byte_does_not_open);
	RUN(bad_headers_are_refused);
	RUN(bad_inner_plaintext_is_refused);
	RUN(key_files_parse);
	RUN(key_ids_print_as_hex);
	return check_done();
}
