/*
 * libFuzzer: nodemetrics' request parser (init/nodestate/http_request.c). The input is copied to a
 * buffer of exactly its size, so ASan sees any read past it; what is accepted must hold what the
 * parser promises, and a prefix of an accepted head must never be refused.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz_assert.h"
#include "http_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_request r, r2;
	char why[128], *buf = malloc(size ? size : 1);
	enum http_parse p;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	p = http_request_parse(buf, size, &r, why, sizeof why);
	switch (p) {
	case HTTP_OK:
		FUZZ_ASSERT(r.head_len >= 4 && r.head_len <= size && r.head_len <= HTTP_REQUEST_MAX);
		FUZZ_ASSERT(r.method[0] != '\0' && strlen(r.method) <= HTTP_METHOD_MAX);
		FUZZ_ASSERT(r.path[0] == '/' && strlen(r.path) <= HTTP_TARGET_MAX);
		FUZZ_ASSERT(strchr(r.path, '?') == NULL);
		/* the head alone parses the same; one byte less only ever wants more */
		FUZZ_ASSERT(http_request_parse(buf, r.head_len, &r2, why, sizeof why) == HTTP_OK);
		FUZZ_ASSERT(strcmp(r.path, r2.path) == 0 && strcmp(r.method, r2.method) == 0);
		FUZZ_ASSERT(http_request_parse(buf, r.head_len - 1, &r2, why, sizeof why) == HTTP_MORE);
		break;
	case HTTP_BAD:
		FUZZ_ASSERT(why[0] != '\0');
		break;
	case HTTP_MORE:
		FUZZ_ASSERT(size < HTTP_REQUEST_MAX);
		break;
	}
	free(buf);
	return 0;
}
