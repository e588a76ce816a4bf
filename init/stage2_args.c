#include <stdio.h>
#include <string.h>

#include "errbuf.h"
#include "stage2_args.h"

int stage2_args_parse(int argc, char *const argv[], struct stage2_args *a, char *err, size_t errcap)
{
	const size_t sl = sizeof STAGE2_ARG_SLOT - 1;
	int i;

	memset(a, 0, sizeof *a);
	for (i = 1; i < argc && argv[i] != NULL; i++) {
		const char *s = argv[i];

		if (strncmp(s, STAGE2_ARG_SLOT, sl) == 0) {
			if (a->slot != 0) {
				err_set(err, errcap, "argument %d: " STAGE2_ARG_SLOT " given twice", i);
				return -1;
			}
			if ((s[sl] != 'a' && s[sl] != 'b') || s[sl + 1] != '\0') {
				err_set(err, errcap, "argument %d: '%.40s': the slot must be a or b", i, s);
				return -1;
			}
			a->slot = s[sl];
		} else if (strcmp(s, STAGE2_ARG_TRIAL) == 0) {
			if (a->trial) {
				err_set(err, errcap, "argument %d: " STAGE2_ARG_TRIAL " given twice", i);
				return -1;
			}
			a->trial = 1;
		} else if (strncmp(s, STAGE2_ARG_INSTALL, sizeof STAGE2_ARG_INSTALL - 1) == 0) {
			const char *v = s + sizeof STAGE2_ARG_INSTALL - 1;
			size_t n = strlen(v), k;
			int ok = n >= 1 && n <= STAGE2_INSTALL_MAX;

			for (k = 0; ok && k < n; k++)
				ok = (v[k] >= 'a' && v[k] <= 'z') || (v[k] >= '0' && v[k] <= '9') ||
				     (n == 1 && v[k] == '-');
			if (a->install[0] != '\0') {
				err_set(err, errcap, "argument %d: " STAGE2_ARG_INSTALL " given twice", i);
				return -1;
			}
			if (!ok) {
				err_set(err, errcap, "argument %d: '%.40s': the installer's disk must be a "
					"kernel name ([a-z0-9], 1..%d) or -", i, s, STAGE2_INSTALL_MAX);
				return -1;
			}
			memcpy(a->install, v, n + 1);
		} else {
			err_set(err, errcap,
				"argument %d: unknown '%.40s' (want " STAGE2_ARG_SLOT "a|b, " STAGE2_ARG_TRIAL
				" and " STAGE2_ARG_INSTALL "DISK)", i, s);
			return -1;
		}
	}
	return 0;
}

void stage2_args_build(struct stage2_args *a, const char *init, char *argv[STAGE2_ARGV_MAX])
{
	size_t n = 0;

	argv[n++] = (char *)init;
	if (a->slot == 'a')
		argv[n++] = (char *)STAGE2_ARG_SLOT "a";
	else if (a->slot == 'b')
		argv[n++] = (char *)STAGE2_ARG_SLOT "b";
	if (a->trial)
		argv[n++] = (char *)STAGE2_ARG_TRIAL;
	if (a->install[0] != '\0') {
		(void)snprintf(a->install_arg, sizeof a->install_arg, STAGE2_ARG_INSTALL "%s",
			       a->install);
		argv[n++] = a->install_arg;
	}
	argv[n] = NULL;
}
