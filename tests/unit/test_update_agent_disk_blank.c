/* The installer's view of a disk's contents, on sparse image files: blank means no GPT and the
 * first and last MiB all zero, and anything else is named (the node's own GPT with its
 * partitions, a damaged one, an MBR, a backup header, a stray byte at either end); the node's
 * layout written by node_layout (sizes, labels, fresh GUIDs, the smallest disk it fits); a wipe
 * leaves a disk blank again. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "disk_blank.h"
#include "disk_zero.h"
#include "gpt_check.h"
#include "node_layout.h"
#include "part_wait.h"
#include "size_text.h"

#define MiB (1024ull * 1024)
#define GiB (1024ull * MiB)
#define DISK (2 * GiB)

static char path[] = "/tmp/test_disk_blank.XXXXXX";
static int fd = -1;
static struct node_layout layout;
static struct upd_error err;
static char found[DISK_FOUND_MAX];

static void die(const char *what)
{
	fprintf(stderr, "test_disk_blank: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* A fresh sparse disk image of bytes, all zero. */
static void image(uint64_t bytes)
{
	if (ftruncate(fd, 0) < 0 || ftruncate(fd, (off_t)bytes) < 0)
		die("ftruncate");
}

static void poke(uint64_t off, const void *bytes, size_t len)
{
	if (pwrite(fd, bytes, len, (off_t)off) != (ssize_t)len)
		die("pwrite");
}

static int blank(uint64_t bytes)
{
	return disk_blank_check(fd, bytes, found, sizeof found, &err);
}

static void an_all_zero_disk_is_blank(void)
{
	image(DISK);
	CHECK_INT(blank(DISK), 1);
	CHECK_STR(found, "");
}

static void the_nodes_gpt_is_found_with_its_partitions(void)
{
	image(DISK);
	CHECK_INT(node_layout_make(DISK, &layout, &err), 0);
	CHECK_INT(node_layout_write(fd, &layout, &err), 0);
	CHECK_INT(blank(DISK), 0);
	CHECK_STR(found, "it holds a GPT with 4 partitions (esp, root-a, root-b, data)");
}

static void a_damaged_gpt_is_found_and_said_to_be_damaged(void)
{
	image(DISK);
	CHECK_INT(node_layout_make(DISK, &layout, &err), 0);
	CHECK_INT(node_layout_write(fd, &layout, &err), 0);
	poke(512 + 40, "\xff", 1);          /* first usable LBA: the header CRC no longer fits */
	CHECK_INT(blank(DISK), 0);
	CHECK_CONTAINS(found, "it holds a damaged GPT (GPT header: CRC");
}

static void an_mbr_is_found(void)
{
	image(DISK);
	poke(510, "\x55\xaa", 2);
	CHECK_INT(blank(DISK), 0);
	CHECK_STR(found, "it holds an MBR (a boot sector or an MBR partition table)");
}

static void an_ext4_superblock_is_found(void)
{
	image(DISK);
	poke(1080, "\x53\xef", 2);
	CHECK_INT(blank(DISK), 0);
	CHECK_STR(found, "it holds an ext2/3/4 file system");
}

static void a_byte_in_the_first_mib_makes_it_not_blank(void)
{
	image(DISK);
	poke(MiB - 1, "\x07", 1);
	CHECK_INT(blank(DISK), 0);
	CHECK_STR(found, "its first MiB is not all zero (byte 1048575 is 0x07)");
}

static void a_byte_in_the_last_mib_makes_it_not_blank(void)
{
	image(DISK);
	poke(DISK - MiB, "\x01", 1);
	CHECK_INT(blank(DISK), 0);
	CHECK_STR(found, "its last MiB is not all zero (byte 2146435072 is 0x01)");
}

static void a_backup_gpt_header_alone_is_found(void)
{
	image(DISK);
	poke(DISK - 512, "EFI PART", 8);
	CHECK_INT(blank(DISK), 0);
	CHECK_STR(found, "it holds a backup GPT header in its last sector");
}

static void bytes_between_the_ends_do_not_count(void)
{
	image(DISK);
	poke(DISK / 2, "data", 4);
	CHECK_INT(blank(DISK), 1);
}

static void a_wipe_leaves_the_disk_blank(void)
{
	int discarded = -1;

	image(DISK);
	CHECK_INT(node_layout_make(DISK, &layout, &err), 0);
	CHECK_INT(node_layout_write(fd, &layout, &err), 0);
	CHECK_INT(disk_wipe(fd, DISK, &discarded, &err), 0);
	CHECK_INT(discarded, 0);                /* an image file cannot be discarded */
	CHECK_INT(blank(DISK), 1);
}

static void the_layout_is_the_development_disks_with_data_taking_the_rest(void)
{
	char sz[SIZE_TEXT_MAX];

	CHECK_INT(node_layout_make(DISK, &layout, &err), 0);
	CHECK_STR(size_text(node_layout_part_bytes(&layout, NODE_PART_ESP), sz), "128 MiB");
	CHECK_STR(size_text(node_layout_part_bytes(&layout, NODE_PART_ROOT_A), sz), "512 MiB");
	CHECK_STR(size_text(node_layout_part_bytes(&layout, NODE_PART_ROOT_B), sz), "512 MiB");
	CHECK_STR(size_text(node_layout_part_bytes(&layout, NODE_PART_DATA), sz), "894 MiB");
	CHECK_INT(layout.img.first_lba[0], 2048);
}

static void each_layout_has_fresh_version_4_guids(void)
{
	static struct node_layout other;
	unsigned i, k;

	CHECK_INT(node_layout_make(DISK, &layout, &err), 0);
	CHECK_INT(node_layout_make(DISK, &other, &err), 0);
	CHECK(strcmp(layout.disk_guid, other.disk_guid) != 0);
	for (i = 0; i < NODE_PARTS; i++) {
		CHECK_INT(layout.part_guid[i][14], '4');
		CHECK(strchr("89AB", layout.part_guid[i][19]) != NULL);
		CHECK(strcmp(layout.part_guid[i], layout.disk_guid) != 0);
		for (k = 0; k < i; k++)
			CHECK(strcmp(layout.part_guid[i], layout.part_guid[k]) != 0);
	}
	CHECK_INT(layout.disk_guid[14], '4');
}

static void the_smallest_disk_gives_data_256_mib_and_less_is_refused(void)
{
	/* data ends on a MiB boundary before the backup table (33 sectors) */
	uint64_t exact = 1409 * MiB + 33 * 512;

	CHECK_INT(node_layout_min_bytes(), 1410 * MiB);
	CHECK_INT(node_layout_make(node_layout_min_bytes(), &layout, &err), 0);
	CHECK_INT(node_layout_part_bytes(&layout, NODE_PART_DATA), 256 * MiB);
	CHECK_INT(node_layout_make(exact, &layout, &err), 0);
	CHECK_INT(node_layout_part_bytes(&layout, NODE_PART_DATA), 256 * MiB);
	CHECK_INT(node_layout_make(exact - 512, &layout, &err), -1);
	CHECK_INT(err.kind, UPD_ERR_POLICY);
	CHECK_CONTAINS(err.msg, "the data partition would be 267386880 bytes");
}

static void partition_names_take_a_p_after_a_digit(void)
{
	char name[BLOCK_NAME_MAX];

	CHECK_INT(part_name("sda", 1, name, sizeof name, &err), 0);
	CHECK_STR(name, "sda1");
	CHECK_INT(part_name("vda", 4, name, sizeof name, &err), 0);
	CHECK_STR(name, "vda4");
	CHECK_INT(part_name("nvme0n1", 2, name, sizeof name, &err), 0);
	CHECK_STR(name, "nvme0n1p2");
	CHECK_INT(part_name("mmcblk0", 3, name, sizeof name, &err), 0);
	CHECK_STR(name, "mmcblk0p3");
	CHECK_INT(part_name("loop7", 1, name, sizeof name, &err), 0);
	CHECK_STR(name, "loop7p1");
}

static void sizes_are_said_exactly_when_short_else_with_a_decimal(void)
{
	char sz[SIZE_TEXT_MAX];

	CHECK_STR(size_text(1410 * MiB, sz), "1410 MiB");
	CHECK_STR(size_text(20 * GiB, sz), "20 GiB");
	CHECK_STR(size_text(2000398934016ull, sz), "1.8 TiB");
	CHECK_STR(size_text(500, sz), "500 bytes");
}

int main(void)
{
	fd = mkstemp(path);
	if (fd < 0)
		die("mkstemp");
	RUN(an_all_zero_disk_is_blank);
	RUN(the_nodes_gpt_is_found_with_its_partitions);
	RUN(a_damaged_gpt_is_found_and_said_to_be_damaged);
	RUN(an_mbr_is_found);
	RUN(an_ext4_superblock_is_found);
	RUN(a_byte_in_the_first_mib_makes_it_not_blank);
	RUN(a_byte_in_the_last_mib_makes_it_not_blank);
	RUN(a_backup_gpt_header_alone_is_found);
	RUN(bytes_between_the_ends_do_not_count);
	RUN(a_wipe_leaves_the_disk_blank);
	RUN(the_layout_is_the_development_disks_with_data_taking_the_rest);
	RUN(each_layout_has_fresh_version_4_guids);
	RUN(the_smallest_disk_gives_data_256_mib_and_less_is_refused);
	RUN(partition_names_take_a_p_after_a_digit);
	RUN(sizes_are_said_exactly_when_short_else_with_a_decimal);
	(void)close(fd);
	(void)unlink(path);
	return check_done();
}
