/* Loading, generating and using the site's diode key (libsodium). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "diode_key.h"
#include "diode_packet.h"

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void key_set_id(struct diode_key *k)
{
	uint8_t h[32];
	static const char digits[] = "0123456789ABCDEF";

	crypto_generichash(h, sizeof h, k->key, sizeof k->key, NULL, 0);
	for (int i = 0; i < DIODE_KEY_ID_HEX / 2; i++) {
		k->id[2 * i] = digits[h[i] >> 4];
		k->id[2 * i + 1] = digits[h[i] & 15];
	}
	k->id[DIODE_KEY_ID_HEX] = '\0';
}

int diode_key_parse(const char *text, size_t len, struct diode_key *k, struct diode_err *err)
{
	size_t pl = strlen(DIODE_KEY_PREFIX), body;

	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (len < pl || memcmp(text, DIODE_KEY_PREFIX, pl) != 0)
		return diode_fail(err, "does not start with \"%s\"", DIODE_KEY_PREFIX);
	body = len - pl;
	if (body != 2 * DIODE_KEY_BYTES)
		return diode_fail(err, "key has %zu characters, want %d hex digits on one line", body,
				  2 * DIODE_KEY_BYTES);
	for (size_t i = 0; i < DIODE_KEY_BYTES; i++) {
		int hi = hex_val(text[pl + 2 * i]), lo = hex_val(text[pl + 2 * i + 1]);

		if (hi < 0 || lo < 0)
			return diode_fail(err, "key character %zu is not a hex digit", 2 * i + (hi < 0 ? 0 : 1) + 1);
		k->key[i] = (uint8_t)(hi << 4 | lo);
	}
	key_set_id(k);
	return 0;
}

int diode_key_load(const char *path, struct diode_key *k, struct diode_err *err)
{
	char buf[DIODE_KEY_FILE_MAX];
	size_t len = 0;
	struct diode_err why;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return diode_fail(err, "key file %s: open: %s", path, strerror(errno));
	for (;;) {
		ssize_t n = read(fd, buf + len, sizeof buf - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			close(fd);
			return diode_fail(err, "key file %s: read: %s", path, strerror(e));
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == sizeof buf) {
			close(fd);
			return diode_fail(err, "key file %s: longer than %d bytes, not a diode key", path,
					  DIODE_KEY_FILE_MAX - 1);
		}
	}
	close(fd);
	if (diode_key_parse(buf, len, k, &why) < 0) {
		sodium_memzero(buf, sizeof buf);
		return diode_fail(err, "key file %s: %s", path, why.msg);
	}
	sodium_memzero(buf, sizeof buf);
	return 0;
}

int diode_key_generate(const char *path, struct diode_err *err)
{
	uint8_t key[DIODE_KEY_BYTES];
	char line[DIODE_KEY_FILE_MAX];
	size_t pl = strlen(DIODE_KEY_PREFIX), len, off = 0;
	int fd;

	randombytes_buf(key, sizeof key);
	memcpy(line, DIODE_KEY_PREFIX, pl);
	sodium_bin2hex(line + pl, sizeof line - pl, key, sizeof key);
	len = pl + 2 * DIODE_KEY_BYTES;
	line[len++] = '\n';
	sodium_memzero(key, sizeof key);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		sodium_memzero(line, sizeof line);
		return diode_fail(err, "key file %s: create: %s", path, strerror(errno));
	}
	while (off < len) {
		ssize_t n = write(fd, line + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			sodium_memzero(line, sizeof line);
			close(fd);
			unlink(path);
			return diode_fail(err, "key file %s: write: %s", path, strerror(e));
		}
		off += (size_t)n;
	}
	sodium_memzero(line, sizeof line);
	if (fsync(fd) < 0 || close(fd) < 0) {
		int e = errno;

		unlink(path);
		return diode_fail(err, "key file %s: fsync/close: %s", path, strerror(e));
	}
	return 0;
}

void diode_tag_sign(const struct diode_key *k, uint8_t *pkt, size_t signed_len)
{
	crypto_generichash(pkt + signed_len, DIODE_TAG_BYTES, pkt, signed_len, k->key, DIODE_KEY_BYTES);
}

int diode_tag_verify(const struct diode_key *k, const uint8_t *pkt, size_t signed_len)
{
	uint8_t want[DIODE_TAG_BYTES];

	crypto_generichash(want, sizeof want, pkt, signed_len, k->key, DIODE_KEY_BYTES);
	return sodium_memcmp(want, pkt + signed_len, DIODE_TAG_BYTES) == 0 ? 0 : -1;
}
