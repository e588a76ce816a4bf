#include <stdio.h>
#include <string.h>

#include "boot_vars.h"
#include "le.h"

int boot_order_parse(const uint8_t *buf, size_t len, struct boot_order *o, struct upd_error *err)
{
	size_t i, n;

	o->n = 0;
	if (len < 4)
		return upd_fail(err, UPD_ERR_BAD, "BootOrder is %zu bytes, less than its attribute "
				"word", len);
	if ((len - 4) % 2 != 0)
		return upd_fail(err, UPD_ERR_BAD, "BootOrder: %zu bytes after the attributes is not "
				"a list of 2-byte entries", len - 4);
	n = (len - 4) / 2;
	if (n > BOOT_ORDER_MAX)
		return upd_fail(err, UPD_ERR_BAD, "BootOrder has %zu entries, more than %d", n,
				BOOT_ORDER_MAX);
	for (i = 0; i < n; i++)
		o->num[i] = le16_load(buf + 4 + 2 * i);
	o->n = (unsigned)n;
	return 0;
}

int boot_order_put_first(const struct boot_order *in, uint16_t first, struct boot_order *out)
{
	unsigned i;

	out->n = 0;
	out->num[out->n++] = first;
	for (i = 0; i < in->n && out->n < BOOT_ORDER_MAX + 1; i++)
		if (in->num[i] != first)
			out->num[out->n++] = in->num[i];
	return out->n != in->n || memcmp(out->num, in->num, out->n * sizeof out->num[0]) != 0;
}

int boot_var_number(const char *name)
{
	static const char suffix[] = "-" EFI_GLOBAL_GUID;
	unsigned v = 0;
	int i;

	if (strncmp(name, "Boot", 4) != 0)
		return -1;
	for (i = 4; i < 8; i++) {
		char c = name[i];

		if (c >= '0' && c <= '9')
			v = v << 4 | (unsigned)(c - '0');
		else if (c >= 'A' && c <= 'F')
			v = v << 4 | (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	if (strcmp(name + 8, suffix) != 0)
		return -1;
	return (int)v;
}

void boot_var_name(uint16_t num, char out[BOOT_VAR_FILE_MAX])
{
	(void)snprintf(out, BOOT_VAR_FILE_MAX, "Boot%04X-%s", (unsigned)num, EFI_GLOBAL_GUID);
}

void boot_scan_init(struct boot_scan *s)
{
	memset(s->used, 0, sizeof s->used);
	s->same_path = s->same_but_guid = -1;
}

static void lowest(int *have, uint16_t num)
{
	if (*have < 0 || num < *have)
		*have = num;
}

void boot_scan_add(struct boot_scan *s, uint16_t num, enum load_option_kin kin)
{
	s->used[num / 8] |= (uint8_t)(1u << num % 8);
	if (kin == LOAD_OPTION_SAME_PATH)
		lowest(&s->same_path, num);
	else if (kin == LOAD_OPTION_SAME_BUT_GUID)
		lowest(&s->same_but_guid, num);
}

int boot_scan_pick(const struct boot_scan *s, enum load_option_kin *kin)
{
	unsigned i;

	if (s->same_path >= 0) {
		*kin = LOAD_OPTION_SAME_PATH;
		return s->same_path;
	}
	if (s->same_but_guid >= 0) {
		*kin = LOAD_OPTION_SAME_BUT_GUID;
		return s->same_but_guid;
	}
	*kin = LOAD_OPTION_OTHER;
	for (i = 0; i < BOOT_OPTIONS; i++)
		if (!(s->used[i / 8] & 1u << i % 8))
			return (int)i;
	return -1;
}
