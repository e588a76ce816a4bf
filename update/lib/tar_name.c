#include <string.h>

#include "tar_header.h"

static int name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '+' || c == '-';
}

int tar_name_valid(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len > TAR_NAME_MAX || name[0] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if (!name_char_ok(name[i]))
			return 0;
		if (i > 0 && name[i] == '.' && name[i - 1] == '.')
			return 0;
	}
	return 1;
}
