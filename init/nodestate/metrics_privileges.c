#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "metrics_privileges.h"

#define CAP_BIT(c) (1u << (c))	/* both caps kept are below 32: data[0] */

int metrics_privileges_drop(char *why, size_t whycap)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	unsigned long cap;

	/* the bounding set first: dropping from it needs CAP_SETPCAP, which goes below */
	for (cap = 0; cap <= 63; cap++) {
		if (cap == CAP_DAC_READ_SEARCH || cap == CAP_NET_ADMIN)
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
			snprintf(why, whycap, "dropping capability %lu from the bounding set: %s", cap,
				 strerror(errno));
			return -1;
		}
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) {
		snprintf(why, whycap, "PR_SET_KEEPCAPS: %s", strerror(errno));
		return -1;
	}
	if (setgroups(0, NULL) != 0 || setresgid(METRICS_UID, METRICS_UID, METRICS_UID) != 0 ||
	    setresuid(METRICS_UID, METRICS_UID, METRICS_UID) != 0) {
		snprintf(why, whycap, "becoming uid/gid %d: %s", METRICS_UID, strerror(errno));
		return -1;
	}
	memset(data, 0, sizeof data);
	data[0].permitted = CAP_BIT(CAP_DAC_READ_SEARCH) | CAP_BIT(CAP_NET_ADMIN);
	data[0].effective = CAP_BIT(CAP_DAC_READ_SEARCH);
	data[0].inheritable = CAP_BIT(CAP_NET_ADMIN);
	if (syscall(SYS_capset, &hdr, data) != 0) {
		snprintf(why, whycap, "capset to CAP_DAC_READ_SEARCH and CAP_NET_ADMIN: %s",
			 strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(why, whycap, "PR_SET_KEEPCAPS off / PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void metrics_nft_ambient(void)
{
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0) != 0) {
		/* stderr is nft's pipe here: the collector reports this as nft's output */
		dprintf(2, "nodemetrics: raising CAP_NET_ADMIN for nft: %s\n", strerror(errno));
		_exit(126);
	}
}
