#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "disk_zero.h"
#include "fs_util.h"
#include "node_layout.h"

#define MiB (1024ull * 1024)
#define TYPE_ESP "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
#define TYPE_ROOT_X86_64 "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709"
#define TYPE_VAR "4D21B016-B534-45C2-A9FB-5C16E091FD2D"

const struct node_part_def node_parts[NODE_PARTS] = {
	{ "esp", TYPE_ESP, 128 * MiB },
	{ "root-a", TYPE_ROOT_X86_64, 512 * MiB },
	{ "root-b", TYPE_ROOT_X86_64, 512 * MiB },
	{ "data", TYPE_VAR, GPT_SIZE_REST },
};

uint64_t node_layout_min_bytes(void)
{
	uint64_t sum = GPT_FIRST_USABLE * (uint64_t)GPT_SECTOR;  /* the first MiB */
	unsigned i;

	for (i = 0; i < NODE_PARTS; i++)
		sum += node_parts[i].bytes == GPT_SIZE_REST ? NODE_DATA_MIN_BYTES : node_parts[i].bytes;
	/* the rest partition ends on a MiB boundary before the backup table: one more MiB */
	return sum + MiB;
}

/* A random (version 4, RFC 4122 variant) GUID in text form. */
static int guid_random(char out[GPT_GUID_TEXT + 1], struct upd_error *err)
{
	uint8_t b[GPT_GUID_SIZE];
	size_t got = 0;

	while (got < sizeof b) {
		ssize_t n = getrandom(b + got, sizeof b - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return upd_fail(err, UPD_ERR_SYS, "getrandom: %s", strerror(errno));
		got += (size_t)n;
	}
	/* on disk, byte 7 is the high byte of the third group (its top nibble the version) and
	 * byte 8 the first of the fourth (its top bits the variant) */
	b[7] = (uint8_t)((b[7] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	gpt_guid_format(b, out);
	return 0;
}

int node_layout_make(uint64_t disk_bytes, struct node_layout *l, struct upd_error *err)
{
	struct gpt_part_spec parts[NODE_PARTS];
	struct gpt_layout_spec spec = { disk_bytes / GPT_SECTOR, GPT_SECTOR, l->disk_guid, parts,
					NODE_PARTS };
	unsigned i;

	if (guid_random(l->disk_guid, err) < 0)
		return -1;
	for (i = 0; i < NODE_PARTS; i++) {
		if (guid_random(l->part_guid[i], err) < 0)
			return -1;
		parts[i].name = node_parts[i].label;
		parts[i].type_guid = node_parts[i].type_guid;
		parts[i].unique_guid = l->part_guid[i];
		parts[i].size = node_parts[i].bytes;
	}
	if (gpt_layout(&spec, &l->img, err) < 0)
		return -1;
	if (node_layout_part_bytes(l, NODE_PART_DATA) < NODE_DATA_MIN_BYTES)
		return upd_fail(err, UPD_ERR_POLICY, "the data partition would be %llu bytes, less "
				"than the %llu it needs",
				(unsigned long long)node_layout_part_bytes(l, NODE_PART_DATA),
				(unsigned long long)NODE_DATA_MIN_BYTES);
	return 0;
}

uint64_t node_layout_part_bytes(const struct node_layout *l, unsigned i)
{
	return (l->img.last_lba[i] - l->img.first_lba[i] + 1) * GPT_SECTOR;
}

static int put(int fd, const void *buf, size_t len, uint64_t lba, const char *what,
	       struct upd_error *err)
{
	if (fd_pwrite_all(fd, buf, len, lba * GPT_SECTOR) < 0)
		return upd_fail(err, UPD_ERR_SYS, "writing the %s at LBA %llu: %s", what,
				(unsigned long long)lba, strerror(errno));
	return 0;
}

int node_layout_write(int fd, const struct node_layout *l, struct upd_error *err)
{
	const struct gpt_image *g = &l->img;
	unsigned i;

	for (i = 0; i < NODE_PARTS; i++)
		if (disk_zero(fd, g->first_lba[i] * GPT_SECTOR, MiB, err) < 0) {
			upd_error_prefix(err, "zeroing the start of partition %u (%s): ", i + 1,
					 node_parts[i].label);
			return -1;
		}
	/* backup first, the primary and the MBR last: until the end, no table points at
	 * partitions whose first MiB was not cleared */
	if (put(fd, g->entries, sizeof g->entries, g->backup_entries_lba, "backup GPT entries",
		err) < 0 ||
	    put(fd, g->backup_header, sizeof g->backup_header, g->backup_header_lba,
		"backup GPT header", err) < 0 ||
	    put(fd, g->entries, sizeof g->entries, GPT_ENTRIES_LBA, "GPT entries", err) < 0 ||
	    put(fd, g->header, sizeof g->header, 1, "GPT header", err) < 0 ||
	    put(fd, g->mbr, sizeof g->mbr, 0, "protective MBR", err) < 0)
		return -1;
	if (fsync(fd) < 0)
		return upd_fail(err, UPD_ERR_SYS, "fsync after writing the GPT: %s", strerror(errno));
	return 0;
}
