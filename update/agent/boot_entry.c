#include <dirent.h>
#include <errno.h>
#include <string.h>

#include "boot_entry.h"
#include "boot_vars.h"
#include "efivar.h"
#include "le.h"

static struct boot_scan scan;
static struct boot_order order, wanted;
static uint8_t buf[EFIVAR_MAX + 1];

/* Every Boot#### in dir: its number taken, and how it relates to ours. An entry that cannot be
 * read or parsed is somebody else's: its number stays taken, nothing else is done with it. */
static int entries_scan(const char *dir, const struct load_option_view *ours,
			struct upd_error *err)
{
	struct load_option_view have;
	struct dirent *d;
	DIR *dp = opendir(dir);
	int e;

	if (dp == NULL)
		return upd_fail(err, UPD_ERR_SYS, "opening %s: %s", dir, strerror(errno));
	boot_scan_init(&scan);
	for (;;) {
		enum load_option_kin kin = LOAD_OPTION_OTHER;
		size_t len;
		int num;

		errno = 0;
		d = readdir(dp);
		if (d == NULL)
			break;
		num = boot_var_number(d->d_name);
		if (num < 0)
			continue;
		if (efivar_read(dir, d->d_name, buf, &len, NULL) == 1 && len >= 4 && len <= EFIVAR_MAX &&
		    load_option_parse(buf + 4, len - 4, &have, NULL) == 0)
			kin = load_option_match(&have, ours);
		boot_scan_add(&scan, (uint16_t)num, kin);
	}
	e = errno;
	(void)closedir(dp);
	if (e != 0)
		return upd_fail(err, UPD_ERR_SYS, "reading the directory %s: %s", dir, strerror(e));
	return 0;
}

static int order_read(const char *dir, struct upd_error *err)
{
	size_t len;
	int rc = efivar_read(dir, BOOT_ORDER_FILE, buf, &len, err);

	order.n = 0;
	if (rc <= 0)
		return rc;                /* none yet: an empty order */
	if (len > EFIVAR_MAX)
		return upd_fail(err, UPD_ERR_BAD, "BootOrder is more than %d bytes", EFIVAR_MAX);
	return boot_order_parse(buf, len, &order, err);
}

/* 1 when dir/name holds exactly attributes + data. */
static int holds(const char *dir, const char *name, const uint8_t *data, size_t len)
{
	size_t have;

	return efivar_read(dir, name, buf, &have, NULL) == 1 && have == 4 + len &&
	       le32_load(buf) == BOOT_VAR_ATTRIBUTES && memcmp(buf + 4, data, len) == 0;
}

int boot_entry_first(const char *dir, const uint8_t *opt, size_t len, struct boot_entry_result *r,
		     struct upd_error *err)
{
	uint8_t list[2 * (BOOT_ORDER_MAX + 1)], next[2];
	char name[BOOT_VAR_FILE_MAX];
	struct load_option_view ours;
	unsigned i;
	int num;

	memset(r, 0, sizeof *r);
	if (load_option_parse(opt, len, &ours, err) < 0)
		return -1;
	if (entries_scan(dir, &ours, err) < 0)
		return -1;
	num = boot_scan_pick(&scan, &r->kin);
	if (num < 0)
		return upd_fail(err, UPD_ERR_SYS, "all %d Boot#### variables are taken", BOOT_OPTIONS);
	r->num = (uint16_t)num;
	if (order_read(dir, err) < 0)
		return -1;

	boot_var_name(r->num, name);
	if (!holds(dir, name, opt, len)) {
		if (efivar_write(dir, name, BOOT_VAR_ATTRIBUTES, opt, len, err) < 0)
			return -1;
		r->entry_written = 1;
	}
	r->done = BOOT_ENTRY_ENTRY;

	r->order_written = boot_order_put_first(&order, r->num, &wanted);
	if (r->order_written) {
		for (i = 0; i < wanted.n; i++)
			le16_store(list + 2 * i, wanted.num[i]);
		if (efivar_write(dir, BOOT_ORDER_FILE, BOOT_VAR_ATTRIBUTES, list, 2 * wanted.n, err) < 0)
			return -1;
	}
	r->done = BOOT_ENTRY_ORDER;

	le16_store(next, r->num);
	if (efivar_write(dir, BOOT_NEXT_FILE, BOOT_VAR_ATTRIBUTES, next, sizeof next, err) < 0)
		return -1;
	r->done = BOOT_ENTRY_ALL;
	return 0;
}
