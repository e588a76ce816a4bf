#include "check.h"
#include "verity_table.h"

#define ROOT "597c0bde1e4d76c4d37c1e0c98a6c1e3f5c26d2e8d4c0b1a2f3e4d5c6b7aceea"
#define SALT "9aa2f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5c479"

static struct node_verity example(void)
{
	struct node_verity v;

	memset(&v, 0, sizeof v);
	v.data_blocks = 733;
	v.hash_start_block = 734;
	strcpy(v.root_hash, ROOT);
	strcpy(v.salt, SALT);
	return v;
}

static void reference_example_gives_the_verified_table(void)
{
	struct node_verity v = example();
	struct verity_target t;
	char line[VERITY_PARAMS_MAX + 64];

	CHECK_INT(verity_target_build(&t, &v, "/dev/vdb", "/dev/vdb"), 0);
	CHECK_INT(verity_table_line(line, sizeof line, &t), 0);
	CHECK_STR(line, "0 5864 verity 1 /dev/vdb /dev/vdb 4096 4096 733 734 sha256 " ROOT " " SALT);
}

static void devices_by_number_and_sector_length(void)
{
	struct node_verity v = example();
	struct verity_target t;

	CHECK_INT(verity_target_build(&t, &v, "253:2", "253:2"), 0);
	CHECK_INT(t.start, 0);
	CHECK_INT(t.length, 733 * 8);
	CHECK_STR(t.params, "1 253:2 253:2 4096 4096 733 734 sha256 " ROOT " " SALT);
}

static void no_salt_is_a_dash(void)
{
	struct node_verity v = example();
	struct verity_target t;

	strcpy(v.salt, "-");
	CHECK_INT(verity_target_build(&t, &v, "8:1", "8:1"), 0);
	CHECK_STR(t.params, "1 8:1 8:1 4096 4096 733 734 sha256 " ROOT " -");
}

static void zero_blocks_or_oversized_table_is_refused(void)
{
	struct node_verity v = example();
	struct verity_target t;
	char dev[VERITY_PARAMS_MAX];
	char line[16];

	v.data_blocks = 0;
	CHECK_INT(verity_target_build(&t, &v, "8:1", "8:1"), -1);
	v = example();
	memset(dev, 'd', sizeof dev - 1);
	dev[sizeof dev - 1] = '\0';
	CHECK_INT(verity_target_build(&t, &v, dev, dev), -1);
	CHECK_INT(verity_target_build(&t, &v, "8:1", "8:1"), 0);
	CHECK_INT(verity_table_line(line, sizeof line, &t), -1);
}

int main(void)
{
	RUN(reference_example_gives_the_verified_table);
	RUN(devices_by_number_and_sector_length);
	RUN(no_salt_is_a_dash);
	RUN(zero_blocks_or_oversized_table_is_refused);
	return check_done();
}
