#include "check.h"
#include "os_release.h"

static char out[64];

static int get(const char *buf, const char *key)
{
	return os_release_value(buf, strlen(buf), key, out, sizeof out);
}

static void bare_and_quoted_values_are_read(void)
{
	CHECK_INT(get("ID=node\nIMAGE_VERSION=1.0.0\n", "IMAGE_VERSION"), 0);
	CHECK_STR(out, "1.0.0");
	CHECK_INT(get("IMAGE_VERSION=\"1.2.3\"\n", "IMAGE_VERSION"), 0);
	CHECK_STR(out, "1.2.3");
	CHECK_INT(get("IMAGE_VERSION='2.0.0-rc1'", "IMAGE_VERSION"), 0);
	CHECK_STR(out, "2.0.0-rc1");
	CHECK_INT(get("PRETTY_NAME=\"a \\\"b\\\"\"\n", "PRETTY_NAME"), 0);
	CHECK_STR(out, "a \"b\"");
}

static void key_prefix_does_not_match(void)
{
	CHECK_INT(get("IMAGE_VERSION_ID=9\n", "IMAGE_VERSION"), -1);
	CHECK_INT(get("XIMAGE_VERSION=9\n", "IMAGE_VERSION"), -1);
}

static void unterminated_quote_or_overlong_value_fails(void)
{
	char buf[256];

	CHECK_INT(get("IMAGE_VERSION=\"1.0\n", "IMAGE_VERSION"), -1);
	snprintf(buf, sizeof buf, "IMAGE_VERSION=%0100d\n", 0);
	CHECK_INT(get(buf, "IMAGE_VERSION"), -1);
}

int main(void)
{
	RUN(bare_and_quoted_values_are_read);
	RUN(key_prefix_does_not_match);
	RUN(unterminated_quote_or_overlong_value_fails);
	return check_done();
}
