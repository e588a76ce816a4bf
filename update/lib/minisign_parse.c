#include <string.h>

#include <sodium.h>

#include "le.h"
#include "minisign.h"

#define SIG_LINES 4
#define PUBKEY_LINES 2

struct line {
	const char *s;
	size_t len;
};

/* The next line of buf from *pos: ends at "\n" or "\r\n" (REFERENCE C.1 trim rules); the final line
 * may lack a terminator. max bounds the line with its terminator. NULs and any other CR are refused. */
static int line_next(const uint8_t *buf, size_t len, size_t *pos, size_t max, unsigned lineno,
		     struct line *l, struct upd_error *err)
{
	const char *start = (const char *)buf + *pos;
	size_t avail = len - *pos, scan = avail < max ? avail : max, i, end;
	const char *nl;

	if (avail == 0)
		return upd_fail(err, UPD_ERR_BAD, "file ends before line %u", lineno);
	nl = memchr(start, '\n', scan);
	if (nl == NULL && avail > max)
		return upd_fail(err, UPD_ERR_BAD, "line %u is longer than %zu bytes", lineno, max);
	end = nl ? (size_t)(nl - start) : avail;
	*pos += nl ? end + 1 : end;
	if (end > 0 && start[end - 1] == '\r')
		end--;
	for (i = 0; i < end; i++) {
		if (start[i] == '\0')
			return upd_fail(err, UPD_ERR_BAD, "line %u has a NUL byte", lineno);
		if (start[i] == '\r')
			return upd_fail(err, UPD_ERR_BAD, "line %u has a stray carriage return", lineno);
	}
	l->s = start;
	l->len = end;
	return 0;
}

static int has_prefix(const struct line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l->len >= n && memcmp(l->s, prefix, n) == 0;
}

/* Exactly want bytes of standard base64 with padding; libsodium refuses stray characters and
 * non-zero trailing bits, so every blob has one spelling. */
static int b64_exact(const struct line *l, uint8_t *out, size_t want)
{
	size_t got = 0;

	if (l->len == 0 || l->len > MINISIGN_B64_LINE_MAX)
		return -1;
	if (sodium_base642bin(out, want, l->s, l->len, NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	return got == want ? 0 : -1;
}

static int untrusted_line(const uint8_t *buf, size_t len, size_t *pos, struct upd_error *err)
{
	struct line l;

	if (line_next(buf, len, pos, MINISIGN_COMMENT_LINE_MAX, 1, &l, err) < 0)
		return -1;
	if (!has_prefix(&l, MINISIGN_UNTRUSTED_PREFIX))
		return upd_fail(err, UPD_ERR_BAD, "line 1 does not start with \"%s\"",
				MINISIGN_UNTRUSTED_PREFIX);
	return 0;
}

static int nothing_after(size_t len, size_t pos, unsigned lineno, struct upd_error *err)
{
	if (pos != len)
		return upd_fail(err, UPD_ERR_BAD, "%zu unexpected bytes after line %u", len - pos,
				lineno);
	return 0;
}

int minisign_pubkey_parse_b64(const char *b64, size_t len, struct minisign_pubkey *pk,
			      struct upd_error *err)
{
	struct line l = { b64, len };

	if (b64_exact(&l, (uint8_t *)&pk->raw, sizeof pk->raw) < 0)
		return upd_fail(err, UPD_ERR_BAD, "public key is not base64 of %zu bytes",
				sizeof pk->raw);
	if (memcmp(pk->raw.sig_alg, MINISIGN_ALG_PUBKEY, 2) != 0)
		return upd_fail(err, UPD_ERR_BAD, "public key algorithm is not \"%s\"",
				MINISIGN_ALG_PUBKEY);
	pk->key_id = le64_load(pk->raw.keynum);
	return 0;
}

int minisign_pubkey_parse_file(const uint8_t *buf, size_t len, struct minisign_pubkey *pk,
			       struct upd_error *err)
{
	struct line l;
	size_t pos = 0;

	if (len > MINISIGN_PUBKEY_FILE_MAX)
		return upd_fail(err, UPD_ERR_BAD, "public key file is %zu bytes, more than %d", len,
				MINISIGN_PUBKEY_FILE_MAX);
	if (untrusted_line(buf, len, &pos, err) < 0 ||
	    line_next(buf, len, &pos, MINISIGN_B64_LINE_MAX, 2, &l, err) < 0)
		return -1;
	if (minisign_pubkey_parse_b64(l.s, l.len, pk, err) < 0) {
		upd_error_prefix(err, "line 2: ");
		return -1;
	}
	return nothing_after(len, pos, PUBKEY_LINES, err);
}

static int trusted_comment_ok(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++) {
		unsigned char c = (unsigned char)l->s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return 1;
}

static int sig_line(const uint8_t *buf, size_t len, size_t *pos, struct minisign_sig *sig,
		    struct upd_error *err)
{
	struct line l;

	if (line_next(buf, len, pos, MINISIGN_B64_LINE_MAX, 2, &l, err) < 0)
		return -1;
	if (b64_exact(&l, (uint8_t *)&sig->raw, sizeof sig->raw) < 0)
		return upd_fail(err, UPD_ERR_BAD, "line 2 is not base64 of %zu bytes",
				sizeof sig->raw);
	if (memcmp(sig->raw.sig_alg, MINISIGN_ALG_LEGACY, 2) == 0)
		return upd_fail(err, UPD_ERR_BAD,
				"legacy (non-prehashed, \"Ed\") signature: only prehashed \"ED\" "
				"signatures are accepted");
	if (memcmp(sig->raw.sig_alg, MINISIGN_ALG_PREHASHED, 2) != 0)
		return upd_fail(err, UPD_ERR_BAD, "unknown signature algorithm 0x%02x%02x",
				sig->raw.sig_alg[0], sig->raw.sig_alg[1]);
	sig->key_id = le64_load(sig->raw.keynum);
	return 0;
}

static int trusted_line(const uint8_t *buf, size_t len, size_t *pos, struct minisign_sig *sig,
			struct upd_error *err)
{
	const size_t plen = sizeof MINISIGN_TRUSTED_PREFIX - 1;
	struct line l;

	if (line_next(buf, len, pos, MINISIGN_TRUSTED_LINE_MAX, 3, &l, err) < 0)
		return -1;
	if (!has_prefix(&l, MINISIGN_TRUSTED_PREFIX))
		return upd_fail(err, UPD_ERR_BAD, "line 3 does not start with \"%s\"",
				MINISIGN_TRUSTED_PREFIX);
	l.s += plen;
	l.len -= plen;
	if (!trusted_comment_ok(&l))
		return upd_fail(err, UPD_ERR_BAD, "trusted comment has control characters");
	/* line_next bounded the line, so the comment fits */
	memcpy(sig->comment, l.s, l.len);
	sig->comment[l.len] = '\0';
	sig->comment_len = l.len;
	return 0;
}

int minisign_sig_parse(const uint8_t *buf, size_t len, struct minisign_sig *sig,
		       struct upd_error *err)
{
	struct line l;
	size_t pos = 0;

	memset(sig, 0, sizeof *sig);
	if (len > MINISIGN_SIG_FILE_MAX)
		return upd_fail(err, UPD_ERR_BAD, "signature file is %zu bytes, more than %d", len,
				MINISIGN_SIG_FILE_MAX);
	if (untrusted_line(buf, len, &pos, err) < 0 || sig_line(buf, len, &pos, sig, err) < 0 ||
	    trusted_line(buf, len, &pos, sig, err) < 0 ||
	    line_next(buf, len, &pos, MINISIGN_B64_LINE_MAX, 4, &l, err) < 0)
		return -1;
	if (b64_exact(&l, sig->global_sig, sizeof sig->global_sig) < 0)
		return upd_fail(err, UPD_ERR_BAD, "line 4 is not base64 of %zu bytes",
				sizeof sig->global_sig);
	return nothing_after(len, pos, SIG_LINES, err);
}
