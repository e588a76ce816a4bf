/* version: MAJOR.MINOR.PATCH parsing and numeric ordering. */
#include <string.h>

#include "check.h"
#include "version.h"

static struct upd_error err;

static int parse(const char *s, struct version *v)
{
	return version_parse(s, strlen(s), v, &err);
}

static void plain_version_parses(void)
{
	struct version v;

	CHECK_INT(parse("2.10.3", &v), 0);
	CHECK_INT(v.major, 2);
	CHECK_INT(v.minor, 10);
	CHECK_INT(v.patch, 3);
}

static void largest_and_smallest_parts_parse(void)
{
	struct version v;
	char s[VERSION_STR_MAX];

	CHECK_INT(parse("999999.999999.999999", &v), 0);
	CHECK_STR(version_format(&v, s), "999999.999999.999999");
	CHECK_INT(parse("0.0.0", &v), 0);
	CHECK_STR(version_format(&v, s), "0.0.0");
}

static void malformed_versions_are_rejected(void)
{
	static const char *const bad[] = {
		"", "1", "1.2", "1.2.3.4", "1..3", ".1.2", "1.2.", "1.2.3 ", " 1.2.3", "v1.2.3",
		"1.2.-3", "+1.2.3", "1.2.3-rc1", "01.2.3", "1.02.3", "1.2.00", "1000000.0.0",
		"1.2.3\n", "1,2,3", "0x1.2.3", "1.2.9999999999999999999999",
	};
	struct version v;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_INT(parse(bad[i], &v), -1);
		CHECK_CONTAINS(err.msg, "is not MAJOR.MINOR.PATCH");
	}
}

static void embedded_nul_is_rejected(void)
{
	struct version v;

	CHECK_INT(version_parse("1.2.3\0", 6, &v, &err), -1);
	CHECK_INT(version_parse("1.2\0.3", 6, &v, &err), -1);
}

static void parts_compare_numerically_not_as_text(void)
{
	struct version a, b;

	CHECK_INT(parse("1.10.0", &a), 0);
	CHECK_INT(parse("1.9.0", &b), 0);
	CHECK(version_compare(&a, &b) > 0);
	CHECK(version_compare(&b, &a) < 0);
	CHECK_INT(parse("2.0.0", &a), 0);
	CHECK_INT(parse("1.999999.999999", &b), 0);
	CHECK(version_compare(&a, &b) > 0);
	CHECK_INT(parse("1.0.10", &a), 0);
	CHECK_INT(parse("1.0.9", &b), 0);
	CHECK(version_compare(&a, &b) > 0);
	CHECK_INT(parse("1.0.9", &a), 0);
	CHECK_INT(version_compare(&a, &b), 0);
}

int main(void)
{
	RUN(plain_version_parses);
	RUN(largest_and_smallest_parts_parse);
	RUN(malformed_versions_are_rejected);
	RUN(embedded_nul_is_rejected);
	RUN(parts_compare_numerically_not_as_text);
	return check_done();
}
