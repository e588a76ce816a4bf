#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "file_copy.h"

static char dir[64], src[128], dst[128], err[512];

static void put(const char *path, size_t n)
{
	FILE *f = fopen(path, "wb");
	size_t i;

	for (i = 0; i < n; i++)
		fputc((int)(i * 7 % 251), f);
	fclose(f);
}

static int same(const char *a, const char *b)
{
	FILE *x = fopen(a, "rb"), *y = fopen(b, "rb");
	int cx, cy, r = 1;

	do {
		cx = fgetc(x);
		cy = fgetc(y);
		if (cx != cy)
			r = 0;
	} while (cx != EOF && cy != EOF);
	fclose(x);
	fclose(y);
	return r;
}

/* each case gets a fresh directory; the last one's is removed by cleanup() */
static void cleanup(void)
{
	if (dir[0] != '\0') {
		unlink(src);
		unlink(dst);
		rmdir(dir);
	}
}

static void setup(void)
{
	cleanup();
	snprintf(dir, sizeof dir, "/tmp/test_file_copy.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(src, sizeof src, "%s/src", dir);
	snprintf(dst, sizeof dst, "%s/dst", dir);
	unlink(dst);
}

static void copies_a_file_bigger_than_its_buffer(void)
{
	uint64_t n = 0;
	struct stat st;

	setup();
	put(src, 3 * 1048576 + 17);
	CHECK_INT(file_copy(src, dst, 8 << 20, &n, err, sizeof err), 0);
	CHECK_INT(n, 3 * 1048576 + 17);
	CHECK(same(src, dst));
	CHECK_INT(stat(dst, &st), 0);
	CHECK_INT(st.st_mode & 07777, 0600);
}

static void missing_source_is_1_and_leaves_nothing(void)
{
	uint64_t n = 0;

	setup();
	CHECK_INT(file_copy(src, dst, 100, &n, err, sizeof err), 1);
	CHECK(access(dst, F_OK) != 0);
}

static void over_the_bound_is_refused_before_a_byte_is_written(void)
{
	uint64_t n = 0;

	setup();
	put(src, 4097);
	CHECK_INT(file_copy(src, dst, 4096, &n, err, sizeof err), -1);
	CHECK_CONTAINS(err, "4097 bytes, more than the 4096 allowed");
	CHECK(access(dst, F_OK) != 0);
}

static void a_directory_or_a_symlink_is_not_copied(void)
{
	char target[160];
	uint64_t n = 0;

	setup();
	CHECK_INT(file_copy(dir, dst, 100, &n, err, sizeof err), -1);
	CHECK_CONTAINS(err, "not a regular file");
	snprintf(target, sizeof target, "%s/target", dir);
	put(target, 10);
	CHECK_INT(symlink(target, src), 0);
	CHECK_INT(file_copy(src, dst, 100, &n, err, sizeof err), -1);	/* O_NOFOLLOW */
	CHECK(access(dst, F_OK) != 0);
	unlink(target);
}

static void an_existing_destination_is_not_overwritten(void)
{
	uint64_t n = 0;

	setup();
	put(src, 10);
	put(dst, 3);
	CHECK_INT(file_copy(src, dst, 100, &n, err, sizeof err), -1);
	CHECK_CONTAINS(err, "create");
}

int main(void)
{
	RUN(copies_a_file_bigger_than_its_buffer);
	RUN(missing_source_is_1_and_leaves_nothing);
	RUN(over_the_bound_is_refused_before_a_byte_is_written);
	RUN(a_directory_or_a_symlink_is_not_copied);
	RUN(an_existing_destination_is_not_overwritten);
	cleanup();
	return check_done();
}
