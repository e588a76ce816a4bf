/* Sealed secret files and key files: layout only (seal_format.h). Every length is checked. */
#include "seal_format.h"

#include <string.h>

#include "errbuf.h"

int seal_name_valid(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len > SEAL_NAME_MAX || name[0] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int seal_header_parse(const uint8_t *buf, size_t len, struct seal_header *h, char *err,
		      size_t errcap)
{
	size_t n;

	if (len < SEAL_HEADER_FIXED) {
		err_set(err, errcap, "%zu bytes, shorter than the %d-byte header", len,
			SEAL_HEADER_FIXED);
		return -1;
	}
	if (len > SEAL_FILE_MAX) {
		err_set(err, errcap, "%zu bytes, larger than the %d bytes a sealed secret may have",
			len, SEAL_FILE_MAX);
		return -1;
	}
	if (memcmp(buf, SEAL_MAGIC, SEAL_MAGIC_LEN) != 0) {
		err_set(err, errcap, "not a sealed secret (no NODESEAL magic)");
		return -1;
	}
	if (buf[SEAL_MAGIC_LEN] != SEAL_VERSION) {
		err_set(err, errcap, "format version %u, this init reads version %d",
			buf[SEAL_MAGIC_LEN], SEAL_VERSION);
		return -1;
	}
	n = buf[SEAL_MAGIC_LEN + 1];
	if (len < SEAL_HEADER_FIXED + n + SEAL_BOX_OVERHEAD + 1 + n + 2) {
		err_set(err, errcap, "%zu bytes, truncated (the name and the box need more)", len);
		return -1;
	}
	if (!seal_name_valid((const char *)buf + SEAL_HEADER_FIXED, n)) {
		err_set(err, errcap, "the name in its header is not a valid secret name");
		return -1;
	}
	memcpy(h->keyid, buf + SEAL_MAGIC_LEN + 2, SEAL_KEYID_LEN);
	memcpy(h->name, buf + SEAL_HEADER_FIXED, n);
	h->name[n] = '\0';
	h->box_off = SEAL_HEADER_FIXED + n;
	h->box_len = len - h->box_off;
	return 0;
}

size_t seal_header_build(uint8_t *out, size_t cap, const char *name,
			 const uint8_t keyid[SEAL_KEYID_LEN])
{
	size_t n = strlen(name);

	if (!seal_name_valid(name, n) || cap < SEAL_HEADER_FIXED + n)
		return 0;
	memcpy(out, SEAL_MAGIC, SEAL_MAGIC_LEN);
	out[SEAL_MAGIC_LEN] = SEAL_VERSION;
	out[SEAL_MAGIC_LEN + 1] = (uint8_t)n;
	memcpy(out + SEAL_MAGIC_LEN + 2, keyid, SEAL_KEYID_LEN);
	memcpy(out + SEAL_HEADER_FIXED, name, n);
	return SEAL_HEADER_FIXED + n;
}

int seal_inner_parse(const uint8_t *buf, size_t len, struct seal_inner *in, char *err,
		     size_t errcap)
{
	size_t n;
	unsigned mode;

	if (len < 1 || len < 1 + (size_t)buf[0] + 2) {
		err_set(err, errcap, "opened, but its plaintext is truncated (%zu bytes)", len);
		return -1;
	}
	n = buf[0];
	if (!seal_name_valid((const char *)buf + 1, n)) {
		err_set(err, errcap, "opened, but the name inside is not a valid secret name");
		return -1;
	}
	mode = (unsigned)buf[1 + n] | (unsigned)buf[2 + n] << 8;
	if (mode > 0777) {
		err_set(err, errcap, "opened, but its mode %#o has bits beyond 0777", mode);
		return -1;
	}
	if (len - 3 - n > SEAL_CONTENT_MAX) {
		err_set(err, errcap, "opened, but its content is larger than %d bytes",
			SEAL_CONTENT_MAX);
		return -1;
	}
	memcpy(in->name, buf + 1, n);
	in->name[n] = '\0';
	in->mode = mode;
	in->content = buf + 3 + n;
	in->content_len = len - 3 - n;
	return 0;
}

size_t seal_inner_build(uint8_t *out, size_t cap, const char *name, unsigned mode,
			const uint8_t *content, size_t content_len)
{
	size_t n = strlen(name);

	if (!seal_name_valid(name, n) || mode > 0777 || content_len > SEAL_CONTENT_MAX ||
	    cap < 3 + n + content_len)
		return 0;
	out[0] = (uint8_t)n;
	memcpy(out + 1, name, n);
	out[1 + n] = (uint8_t)(mode & 0xff);
	out[2 + n] = (uint8_t)(mode >> 8);
	if (content_len > 0)
		memcpy(out + 3 + n, content, content_len);
	return 3 + n + content_len;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int seal_key_parse(const char *text, size_t len, const char *tag, uint8_t key[SEAL_KEY_LEN],
		   char *err, size_t errcap)
{
	size_t tl = strlen(tag), i;

	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (len != tl + 1 + 2 * SEAL_KEY_LEN || memcmp(text, tag, tl) != 0 || text[tl] != ' ') {
		err_set(err, errcap, "not a key file: want one line \"%s <%d hex digits>\"", tag,
			2 * SEAL_KEY_LEN);
		return -1;
	}
	for (i = 0; i < SEAL_KEY_LEN; i++) {
		int hi = hexval(text[tl + 1 + 2 * i]), lo = hexval(text[tl + 2 + 2 * i]);

		if (hi < 0 || lo < 0) {
			err_set(err, errcap, "not a key file: a non-hex character in the key");
			return -1;
		}
		key[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

void seal_keyid_hex(const uint8_t keyid[SEAL_KEYID_LEN], char out[2 * SEAL_KEYID_LEN + 1])
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < SEAL_KEYID_LEN; i++) {
		out[2 * i] = digits[keyid[i] >> 4];
		out[2 * i + 1] = digits[keyid[i] & 15];
	}
	out[2 * SEAL_KEYID_LEN] = '\0';
}
