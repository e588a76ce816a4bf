#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "privdrop.h"

int privdrop_to(uid_t uid, gid_t gid, uint32_t permitted, uint32_t effective, uint32_t inheritable,
		char *why, size_t whycap)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	unsigned long cap;

	/* the bounding set first: dropping from it needs CAP_SETPCAP, which goes below */
	for (cap = 0; cap <= 63; cap++) {
		if (cap < 32 && (permitted & PRIVDROP_CAP(cap)))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
			snprintf(why, whycap, "dropping capability %lu from the bounding set: %s", cap,
				 strerror(errno));
			return -1;
		}
	}
	/* keep the permitted set across setuid, then narrow it to what was asked */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) {
		snprintf(why, whycap, "PR_SET_KEEPCAPS: %s", strerror(errno));
		return -1;
	}
	if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0) {
		snprintf(why, whycap, "becoming uid %u gid %u: %s", (unsigned)uid, (unsigned)gid,
			 strerror(errno));
		return -1;
	}
	memset(data, 0, sizeof data);
	data[0].permitted = permitted;
	data[0].effective = effective & permitted;
	data[0].inheritable = inheritable & permitted;
	if (syscall(SYS_capset, &hdr, data) != 0) {
		snprintf(why, whycap, "capset to permitted %#x, effective %#x: %s", permitted, effective,
			 strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(why, whycap, "PR_SET_KEEPCAPS off / PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int privdrop_to_nobody(uint32_t permitted, uint32_t effective, uint32_t inheritable, char *why,
		       size_t whycap)
{
	return privdrop_to(PRIVDROP_NOBODY, PRIVDROP_NOBODY, permitted, effective, inheritable, why,
			   whycap);
}
