#include <stdio.h>
#include <string.h>

#include "gpt_guid.h"

/* Byte i of the on-disk form comes from text byte pair text_pos[i]: groups 1-3 are stored
 * little-endian (reversed), groups 4-5 in text order. */
static const uint8_t text_pos[16] = {
	6, 4, 2, 0,          /* group 1: 8 digits, reversed */
	11, 9,               /* group 2 */
	16, 14,              /* group 3 */
	19, 21,              /* group 4, as written */
	24, 26, 28, 30, 32, 34,
};

static int is_dash_pos(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A character for an error message: itself if printable, else its code (no control bytes from
 * a configuration file reach the console). */
static void char_show(char c, char out[8])
{
	unsigned char u = (unsigned char)c;

	if (u >= 0x20 && u < 0x7f)
		snprintf(out, 8, "'%c'", c);
	else
		snprintf(out, 8, "0x%02x", u);
}

int gpt_guid_parse(const char *text, uint8_t out[16], struct upd_error *err)
{
	size_t len = strnlen(text, GPT_GUID_TEXT + 1), i;
	char shown[8];

	if (len != GPT_GUID_TEXT)
		return upd_fail(err, UPD_ERR_BAD, "GUID is %s%zu characters, not %d "
				"(XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX)",
				len > GPT_GUID_TEXT ? "more than " : "", len > GPT_GUID_TEXT ?
				(size_t)GPT_GUID_TEXT : len, GPT_GUID_TEXT);
	for (i = 0; i < GPT_GUID_TEXT; i++) {
		char_show(text[i], shown);
		if (is_dash_pos(i) && text[i] != '-')
			return upd_fail(err, UPD_ERR_BAD, "GUID character %zu is %s, not '-'",
					i + 1, shown);
		if (!is_dash_pos(i) && hex_value(text[i]) < 0)
			return upd_fail(err, UPD_ERR_BAD, "GUID character %zu is %s, not a "
					"hexadecimal digit", i + 1, shown);
	}
	for (i = 0; i < 16; i++)
		out[i] = (uint8_t)(hex_value(text[text_pos[i]]) << 4 | hex_value(text[text_pos[i] + 1]));
	return 0;
}

void gpt_guid_format(const uint8_t guid[16], char out[GPT_GUID_TEXT + 1])
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	memset(out, '-', GPT_GUID_TEXT);
	out[GPT_GUID_TEXT] = '\0';
	for (i = 0; i < 16; i++) {
		out[text_pos[i]] = digits[guid[i] >> 4];
		out[text_pos[i] + 1] = digits[guid[i] & 0xf];
	}
}

int gpt_guid_is_zero(const uint8_t guid[16])
{
	static const uint8_t zero[16];

	return memcmp(guid, zero, sizeof zero) == 0;
}
