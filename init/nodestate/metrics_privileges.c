#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "metrics_privileges.h"
#include "../privdrop/privdrop.h"

int metrics_privileges_drop(char *why, size_t whycap)
{
	uint32_t read = PRIVDROP_CAP(CAP_DAC_READ_SEARCH), nft = PRIVDROP_CAP(CAP_NET_ADMIN);

	return privdrop_to_nobody(read | nft, read, nft, why, whycap);
}

void metrics_nft_ambient(void)
{
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0) != 0) {
		/* stderr is nft's pipe here: the collector reports this as nft's output */
		dprintf(2, "nodemetrics: raising CAP_NET_ADMIN for nft: %s\n", strerror(errno));
		_exit(126);
	}
}
