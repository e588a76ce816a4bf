#include <string.h>

#include "nodestate.h"

unsigned ns_collect(struct node_state *st, const char *root)
{
	unsigned i, failed = 0;

	memset(st, 0, sizeof *st);
	ns_collect_version(st, root);
	ns_collect_boot(st, root);
	ns_collect_update(st, root);
	ns_collect_services(st, root);
	ns_collect_firewall(st, root);
	ns_collect_system(st, root);
	for (i = 0; i < NS_SRC_COUNT; i++)
		if (st->err[i][0] != '\0')
			failed++;
	return failed;
}
