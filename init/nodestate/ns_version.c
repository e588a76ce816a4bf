#include <stdio.h>

#include "../os_release.h"
#include "nodestate.h"

void ns_collect_version(struct node_state *st, const char *root)
{
	char buf[NS_SMALL_FILE_MAX], why[NS_ERR_MAX];
	size_t len, i;
	int rc = ns_file_read(root, NS_OS_RELEASE, buf, sizeof buf, &len, why, sizeof why);

	if (rc != 0) {
		ns_fail(st, NS_SRC_VERSION, "%s", rc > 0 ? NS_OS_RELEASE " does not exist" : why);
		return;
	}
	if (os_release_value(buf, len, "IMAGE_VERSION", st->version, sizeof st->version) != 0 ||
	    st->version[0] == '\0') {
		st->version[0] = '\0';
		ns_fail(st, NS_SRC_VERSION, "%s: no valid IMAGE_VERSION= line (absent, empty, "
			"malformed or longer than %d bytes)", NS_OS_RELEASE, NS_VERSION_MAX);
		return;
	}
	for (i = 0; st->version[i] != '\0'; i++)
		if (st->version[i] < 0x21 || st->version[i] > 0x7e) {
			st->version[0] = '\0';
			ns_fail(st, NS_SRC_VERSION, "%s: IMAGE_VERSION holds a blank or a byte that is "
				"not printable ASCII", NS_OS_RELEASE);
			return;
		}
	st->known[NS_SRC_VERSION] = 1;
}
