/* The firmware's boot variables as provision reads them back from efivarfs: a Boot#### load
 * option and BootOrder, written by whatever else shares the machine's NVRAM. Both parsers get
 * the same bytes, in a buffer of exactly that size (a read past it is a crash). What they accept
 * must lie inside the bytes given; what put_first makes of an order keeps every other entry. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot_vars.h"
#include "fuzz_assert.h"
#include "load_option.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void load_option_holds(const uint8_t *buf, size_t size)
{
	static const struct hd_partition esp = { 1, 2048, 262144, { 0x11 } };
	static uint8_t ours_buf[LOAD_OPTION_BUILD_MAX];
	struct load_option_view v, ours;
	struct upd_error err;
	size_t ours_len;
	enum load_option_kin kin;

	err.msg[0] = '\0';
	if (load_option_parse(buf, size, &v, &err) < 0) {
		FUZZ_ASSERT(err.msg[0] != '\0' && err.kind == UPD_ERR_BAD);
		return;
	}
	FUZZ_ASSERT(v.desc == buf + LOAD_OPTION_HEAD);
	FUZZ_ASSERT(v.path == v.desc + 2 * (v.desc_units + 1));
	FUZZ_ASSERT(v.path_len > 0);
	FUZZ_ASSERT(LOAD_OPTION_HEAD + 2 * (v.desc_units + 1) + v.path_len + v.optional_len == size);
	for (size_t i = 0; i < v.desc_units; i++)
		FUZZ_ASSERT(v.desc[2 * i] != 0 || v.desc[2 * i + 1] != 0);
	FUZZ_ASSERT(load_option_build(&esp, "Node (vda)", "\\EFI\\BOOT\\BOOTX64.EFI", ours_buf,
				      sizeof ours_buf, &ours_len, &err) == 0);
	FUZZ_ASSERT(load_option_parse(ours_buf, ours_len, &ours, &err) == 0);
	kin = load_option_match(&v, &ours);
	if (kin != LOAD_OPTION_OTHER)
		FUZZ_ASSERT(v.path_len == ours.path_len);
	if (kin == LOAD_OPTION_SAME_PATH)
		FUZZ_ASSERT(memcmp(v.path, ours.path, ours.path_len) == 0);
}

static void boot_order_holds(const uint8_t *buf, size_t size)
{
	static struct boot_order o, out;
	struct upd_error err;
	unsigned i, j, changed;
	uint16_t first;

	err.msg[0] = '\0';
	if (boot_order_parse(buf, size, &o, &err) < 0) {
		FUZZ_ASSERT(err.msg[0] != '\0' && err.kind == UPD_ERR_BAD);
		return;
	}
	FUZZ_ASSERT(size >= 4 && (size - 4) % 2 == 0 && o.n == (size - 4) / 2);
	FUZZ_ASSERT(o.n <= BOOT_ORDER_MAX);
	first = size >= 6 ? (uint16_t)(buf[size - 2] | buf[size - 1] << 8) : 7;
	changed = (unsigned)boot_order_put_first(&o, first, &out);
	FUZZ_ASSERT(out.n >= 1 && out.num[0] == first);
	/* every other entry, in its order, and no second copy of ours */
	for (i = 0, j = 1; i < o.n; i++) {
		if (o.num[i] == first)
			continue;
		FUZZ_ASSERT(j < out.n && out.num[j] == o.num[i]);
		j++;
	}
	FUZZ_ASSERT(j == out.n);
	FUZZ_ASSERT(changed == (o.n != out.n || memcmp(o.num, out.num, o.n * sizeof o.num[0]) != 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf;

	if (size > EFIVAR_MAX)
		return 0;
	buf = malloc(size ? size : 1);
	FUZZ_ASSERT(buf != NULL);
	memcpy(buf, data, size);
	load_option_holds(buf, size);
	boot_order_holds(buf, size);
	free(buf);
	return 0;
}
