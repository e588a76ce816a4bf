#include <stdio.h>
#include <string.h>

#include "service_status.h"

const char *service_state_name(enum service_state s)
{
	static const char *const names[] = {
		[SVC_DOWN] = "down",
		[SVC_STARTING] = "starting",
		[SVC_UP] = "up",
		[SVC_DONE] = "done",
		[SVC_FAILED] = "failed",
	};

	if ((unsigned)s >= sizeof names / sizeof names[0])
		return NULL;
	return names[s];
}

/* One field per blank-separated column: nothing that would split or end a line. */
static int name_ok(const char *s)
{
	size_t i;

	if (s == NULL || s[0] == '\0')
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] == 0x7f)
			return 0;
	return 1;
}

int service_status_format(char *out, size_t cap, const struct service_status *rows, size_t n)
{
	size_t used = 0, i;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const struct service_status *r = &rows[i];
		const char *state = service_state_name(r->state);
		char pid[16], code[16];
		int k;

		if (state == NULL || !name_ok(r->name))
			return -1;
		if (r->pid > 0)
			k = snprintf(pid, sizeof pid, "%ld", (long)r->pid);
		else
			k = snprintf(pid, sizeof pid, "-");
		if (k < 0 || (size_t)k >= sizeof pid)
			return -1;
		if (r->last_exit >= 0)
			k = snprintf(code, sizeof code, "%d", r->last_exit);
		else
			k = snprintf(code, sizeof code, "-");
		if (k < 0 || (size_t)k >= sizeof code)
			return -1;
		k = snprintf(out + used, cap - used, "%s %s %s %u %s\n", r->name, state, pid,
			     r->restarts, code);
		if (k < 0 || (size_t)k >= cap - used) {
			out[used] = '\0';
			return -1;
		}
		used += (size_t)k;
	}
	return (int)used;
}
