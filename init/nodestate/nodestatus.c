/*
 * nodestatus [--json] [--root DIR]: the node's state for a person, or for a script. Exit 0, 1 if
 * any source could not be read (the rest is still printed, and each failure says why), 100 usage,
 * 111 when the output cannot be written.
 */
#include <stdio.h>
#include <string.h>

#include "ns_out.h"

static struct node_state st;
static char out[NS_OUT_MAX];

int main(int argc, char **argv)
{
	const char *root = "/";
	struct ns_out o;
	unsigned failed;
	int json = 0, a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--json") == 0 && !json) {
			json = 1;
		} else if (strcmp(argv[a], "--root") == 0 && a + 1 < argc && argv[a + 1][0] != '\0') {
			root = argv[++a];
		} else {
			fprintf(stderr, "usage: nodestatus [--json] [--root DIR]\n");
			return 100;
		}
	}
	failed = ns_collect(&st, root);
	ns_out_init(&o, out, sizeof out);
	if (json)
		ns_format_json(&o, &st);
	else
		ns_format_text(&o, &st);
	if (!ns_out_ok(&o)) {
		fprintf(stderr, "nodestatus: the report does not fit %zu bytes\n", sizeof out);
		return 111;
	}
	if (fwrite(out, 1, o.len, stdout) != o.len || fflush(stdout) != 0) {
		perror("nodestatus: writing standard output");
		return 111;
	}
	return failed ? 1 : 0;
}
