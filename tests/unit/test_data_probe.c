#include "check.h"
#include "data_probe.h"

static unsigned char head[4096];

static void all_zero_is_blank(void)
{
	memset(head, 0, sizeof head);
	CHECK_INT(bytes_all_zero(head, sizeof head), 1);
	CHECK_INT(data_kind_classify(head, sizeof head, 1), DATA_BLANK);
}

static void ext_magic_at_1080_little_endian_is_ext(void)
{
	memset(head, 0, sizeof head);
	head[1080] = 0x53;
	head[1081] = 0xEF;
	CHECK_INT(bytes_all_zero(head, sizeof head), 0);
	CHECK_INT(data_kind_classify(head, sizeof head, 0), DATA_EXT);
}

static void byte_swapped_or_misplaced_magic_is_unknown(void)
{
	memset(head, 0, sizeof head);
	head[1080] = 0xEF;
	head[1081] = 0x53;
	CHECK_INT(data_kind_classify(head, sizeof head, 0), DATA_UNKNOWN);
	memset(head, 0, sizeof head);
	head[1082] = 0x53;
	head[1083] = 0xEF;
	CHECK_INT(data_kind_classify(head, sizeof head, 0), DATA_UNKNOWN);
}

static void nonzero_bytes_beyond_the_head_are_never_blank(void)
{
	/* the head is zero but something later in the first MiB is not: never format that */
	memset(head, 0, sizeof head);
	CHECK_INT(data_kind_classify(head, sizeof head, 0), DATA_UNKNOWN);
}

static void head_too_short_for_a_superblock_is_unknown(void)
{
	memset(head, 0, sizeof head);
	head[1080] = 0x53;
	head[1081] = 0xEF;
	CHECK_INT(data_kind_classify(head, 1081, 0), DATA_UNKNOWN);
}

int main(void)
{
	RUN(all_zero_is_blank);
	RUN(ext_magic_at_1080_little_endian_is_ext);
	RUN(byte_swapped_or_misplaced_magic_is_unknown);
	RUN(nonzero_bytes_beyond_the_head_are_never_blank);
	RUN(head_too_short_for_a_superblock_is_unknown);
	return check_done();
}
