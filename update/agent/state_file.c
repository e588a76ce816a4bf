#include <stdio.h>
#include <string.h>

#include "fs_util.h"
#include "state_file.h"

const char *last_result_name(enum last_result r)
{
	static const char *const names[] = { "none", "ok", "failed", "refused" };

	return (unsigned)r < sizeof names / sizeof names[0] ? names[r] : "?";
}

static int time_parse(const char *v, size_t n, uint64_t *out)
{
	size_t i;

	if (n == 0 || n > 19 || (n > 1 && v[0] == '0'))
		return -1;
	*out = 0;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		*out = *out * 10 + (uint64_t)(v[i] - '0');
	}
	return 0;
}

static int text_parse(const char *v, size_t n, char out[STATE_TEXT_MAX + 1])
{
	if (n > STATE_TEXT_MAX)
		return -1;
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

enum state_key { K_FLOOR, K_LAST, K_LAST_VERSION, K_LAST_TIME, K_LAST_BUNDLE, K_LAST_ERROR,
		 K_ROLLED, K_ROLLED_TIME, K_COUNT };

static const char *const key_names[K_COUNT] = {
	"floor", "last-result", "last-version", "last-time", "last-bundle", "last-error",
	"rolled-back", "rolled-back-time",
};

static int value_parse(struct agent_state *s, enum state_key k, const char *v, size_t n)
{
	unsigned r;

	switch (k) {
	case K_FLOOR:
		s->has_floor = 1;
		return version_parse(v, n, &s->floor, NULL);
	case K_LAST:
		for (r = LAST_OK; r <= LAST_REFUSED; r++)
			if (strlen(last_result_name(r)) == n &&
			    memcmp(v, last_result_name(r), n) == 0) {
				s->last = (enum last_result)r;
				return 0;
			}
		return -1;
	case K_LAST_VERSION:
		s->has_last_version = 1;
		return version_parse(v, n, &s->last_version, NULL);
	case K_LAST_TIME:
		return time_parse(v, n, &s->last_time);
	case K_LAST_BUNDLE:
		return text_parse(v, n, s->last_bundle);
	case K_LAST_ERROR:
		return text_parse(v, n, s->last_error);
	case K_ROLLED:
		s->has_rolled_back = 1;
		return version_parse(v, n, &s->rolled_back, NULL);
	case K_ROLLED_TIME:
		return time_parse(v, n, &s->rolled_back_time);
	default:
		return -1;
	}
}

int state_parse(const char *text, size_t len, struct agent_state *s, struct upd_error *err)
{
	unsigned seen = 0, line = 1;
	size_t pos = 0, i;

	memset(s, 0, sizeof *s);
	for (i = 0; i < len; i++)
		if (text[i] != '\n' && (text[i] < 0x20 || text[i] > 0x7e))
			return upd_fail(err, UPD_ERR_BAD, "byte %zu is not printable ASCII", i);
	if (len == 0 || text[len - 1] != '\n')
		return upd_fail(err, UPD_ERR_BAD, "does not end with a newline");
	if (len < sizeof STATE_MAGIC || memcmp(text, STATE_MAGIC "\n", sizeof STATE_MAGIC) != 0)
		return upd_fail(err, UPD_ERR_BAD, "line 1 is not \"%s\"", STATE_MAGIC);
	pos = sizeof STATE_MAGIC;
	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos), *sp;
		size_t n = (size_t)(nl - l);
		unsigned k;

		line++;
		pos += n + 1;
		sp = memchr(l, ' ', n);
		if (sp == NULL || sp == l)
			return upd_fail(err, UPD_ERR_BAD, "line %u is not \"key value\"", line);
		for (k = 0; k < K_COUNT; k++)
			if (strlen(key_names[k]) == (size_t)(sp - l) &&
			    memcmp(l, key_names[k], (size_t)(sp - l)) == 0)
				break;
		if (k == K_COUNT)
			continue;  /* a newer agent's key */
		if (seen & 1u << k)
			return upd_fail(err, UPD_ERR_BAD, "line %u: %s appears twice", line,
					key_names[k]);
		seen |= 1u << k;
		if (value_parse(s, (enum state_key)k, sp + 1, n - (size_t)(sp + 1 - l)) < 0)
			return upd_fail(err, UPD_ERR_BAD, "line %u: bad %s value", line, key_names[k]);
	}
	return 0;
}

int state_format(const struct agent_state *s, char *out, size_t cap, size_t *len,
		 struct upd_error *err)
{
	char v[VERSION_STR_MAX];
	size_t used = 0;
	int n;

#define EMIT(...)                                                                     \
	do {                                                                          \
		n = snprintf(out + used, cap - used, __VA_ARGS__);                    \
		if (n < 0 || (size_t)n >= cap - used)                                 \
			return upd_fail(err, UPD_ERR_SYS, "state does not fit %zu bytes", cap); \
		used += (size_t)n;                                                    \
	} while (0)

	EMIT("%s\n", STATE_MAGIC);
	if (s->has_floor)
		EMIT("floor %s\n", version_format(&s->floor, v));
	if (s->last != LAST_NONE) {
		EMIT("last-result %s\n", last_result_name(s->last));
		if (s->has_last_version)
			EMIT("last-version %s\n", version_format(&s->last_version, v));
		EMIT("last-time %llu\n", (unsigned long long)s->last_time);
		if (s->last_bundle[0] != '\0')
			EMIT("last-bundle %s\n", s->last_bundle);
		if (s->last_error[0] != '\0')
			EMIT("last-error %s\n", s->last_error);
	}
	if (s->has_rolled_back) {
		EMIT("rolled-back %s\n", version_format(&s->rolled_back, v));
		EMIT("rolled-back-time %llu\n", (unsigned long long)s->rolled_back_time);
	}
#undef EMIT
	*len = used;
	return 0;
}

void state_text_set(char dst[STATE_TEXT_MAX + 1], const char *text)
{
	size_t i;

	for (i = 0; i < STATE_TEXT_MAX && text[i] != '\0'; i++)
		dst[i] = text[i] >= 0x20 && text[i] <= 0x7e ? text[i] : '?';
	dst[i] = '\0';
}

int state_load(const char *dir, struct agent_state *s, struct upd_error *err)
{
	char path[4096], buf[STATE_FILE_MAX + 1];
	size_t len;
	int rc;

	memset(s, 0, sizeof *s);
	if (snprintf(path, sizeof path, "%s/%s", dir, STATE_FILE_NAME) >= (int)sizeof path)
		return upd_fail(err, UPD_ERR_SYS, "state directory path %s is too long", dir);
	rc = file_read_small(path, buf, sizeof buf, &len, err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return 0;
	if (state_parse(buf, len, s, err) < 0) {
		upd_error_prefix(err, "state file %s is corrupt (fix or remove it; it holds the "
				 "anti-rollback floor): ", path);
		return -1;
	}
	return 0;
}

int state_save(const char *dir, const struct agent_state *s, struct upd_error *err)
{
	char buf[STATE_FILE_MAX];
	size_t len;

	if (state_format(s, buf, sizeof buf, &len, err) < 0)
		return -1;
	return file_write_atomic(dir, STATE_FILE_NAME, buf, len, err);
}
