#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "disk_blank.h"
#include "fs_util.h"
#include "gpt_check.h"

#define EXT_MAGIC_OFFSET 1080             /* superblock at 1024, s_magic at 56: 0xEF53 */

static uint8_t edge[DISK_EDGE_BYTES];
static struct gpt_table table;

static int read_at(int fd, uint64_t off, size_t len, struct upd_error *err)
{
	ssize_t n = fd_pread_full(fd, edge, len, off);

	if (n < 0)
		return upd_fail(err, UPD_ERR_SYS, "reading %zu bytes at %llu: %s", len,
				(unsigned long long)off, strerror(errno));
	if ((size_t)n != len)
		return upd_fail(err, UPD_ERR_SYS, "reading %zu bytes at %llu: the disk ends at %llu",
				len, (unsigned long long)off, (unsigned long long)(off + (uint64_t)n));
	return 0;
}

/* Offset of the first non-zero byte in edge[0..len), or len. */
static size_t first_nonzero(size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (edge[i] != 0)
			return i;
	return len;
}

static void gpt_found(char *found, size_t cap)
{
	size_t used;
	unsigned i;

	used = (size_t)snprintf(found, cap, "it holds a GPT with %u partition%s", table.nparts,
				table.nparts == 1 ? "" : "s");
	for (i = 0; i < table.nparts && used < cap; i++) {
		const struct gpt_part_info *p = &table.parts[i];
		int n;

		if (used + 48 > cap) {
			snprintf(found + used, cap - used, ", ...)");
			return;
		}
		if (p->name[0] != '\0')
			n = snprintf(found + used, cap - used, "%s%.36s", i ? ", " : " (", p->name);
		else
			n = snprintf(found + used, cap - used, "%s#%u (no name)", i ? ", " : " (",
				     p->index);
		used += n > 0 ? (size_t)n : 0;
	}
	if (table.nparts > 0 && used < cap)
		snprintf(found + used, cap - used, ")");
}

/* The head (up to 1 MiB from byte 0) is in edge. 1 if it says nothing, else 0 with found. */
static int head_check(size_t len, uint64_t bytes, char *found, size_t cap)
{
	struct upd_error gerr;
	size_t z;
	int rc = 0;

	if (len >= 2 * GPT_SECTOR + GPT_ENTRIES_BYTES)
		rc = gpt_check(edge + GPT_SECTOR, edge + 2 * GPT_SECTOR, GPT_ENTRIES_BYTES,
			       bytes / GPT_SECTOR, &table, &gerr);
	if (rc == 1) {
		gpt_found(found, cap);
		return 0;
	}
	if (rc < 0) {
		snprintf(found, cap, "it holds a damaged GPT (%.200s)", gerr.msg);
		return 0;
	}
	z = first_nonzero(len);
	if (z == len)
		return 1;
	if (len >= GPT_SECTOR && edge[MBR_SIG_OFFSET] == 0x55 && edge[MBR_SIG_OFFSET + 1] == 0xaa)
		snprintf(found, cap, "it holds an MBR (a boot sector or an MBR partition table)");
	else if (len > EXT_MAGIC_OFFSET + 1 && edge[EXT_MAGIC_OFFSET] == 0x53 &&
		 edge[EXT_MAGIC_OFFSET + 1] == 0xef)
		snprintf(found, cap, "it holds an ext2/3/4 file system");
	else
		snprintf(found, cap, "its first MiB is not all zero (byte %zu is 0x%02x)", z, edge[z]);
	return 0;
}

int disk_blank_check(int fd, uint64_t bytes, char *found, size_t cap, struct upd_error *err)
{
	size_t head = bytes < DISK_EDGE_BYTES ? (size_t)bytes : DISK_EDGE_BYTES, tail, z;
	uint64_t tail_at;

	found[0] = '\0';
	if (read_at(fd, 0, head, err) < 0)
		return -1;
	if (!head_check(head, bytes, found, cap))
		return 0;
	/* the last MiB, or what the head did not cover of a smaller disk */
	tail_at = bytes - head >= DISK_EDGE_BYTES ? bytes - DISK_EDGE_BYTES : head;
	tail = (size_t)(bytes - tail_at);
	if (tail == 0)
		return 1;
	if (read_at(fd, tail_at, tail, err) < 0)
		return -1;
	z = first_nonzero(tail);
	if (z == tail)
		return 1;
	if (tail >= GPT_SECTOR && memcmp(edge + tail - GPT_SECTOR, GPT_SIGNATURE, 8) == 0)
		snprintf(found, cap, "it holds a backup GPT header in its last sector");
	else
		snprintf(found, cap, "its last MiB is not all zero (byte %llu is 0x%02x)",
			 (unsigned long long)(tail_at + z), edge[z]);
	return 0;
}
