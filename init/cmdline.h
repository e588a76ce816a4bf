/* Pure parser for the node.* parameters of /proc/cmdline. */
#ifndef NODE_CMDLINE_H
#define NODE_CMDLINE_H

#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

#define CMDLINE_MAX 4096		/* bytes of /proc/cmdline we accept */
#define CMDLINE_LABEL_MAX 72		/* GPT names: 36 UTF-16 units, as UTF-8 */
#define VERITY_ROOT_HASH_HEX 64		/* sha256 */
#define VERITY_SALT_HEX_MAX 256
#define VERITY_BLOCKS_MAX 0xffffffffULL	/* 16 TiB of 4 KiB blocks */
#define CMDLINE_INSTALL_MAX 255		/* node.install=http://...: the URL's bytes */

struct node_verity {
	uint64_t data_blocks;		/* 4096-byte data blocks */
	uint64_t hash_start_block;	/* first hash block, counted in 4096-byte blocks */
	char root_hash[VERITY_ROOT_HASH_HEX + 1];
	char salt[VERITY_SALT_HEX_MAX + 1];	/* "-" means no salt */
};

struct node_cmdline {
	char slot;				/* 'a', 'b', or 0 when absent */
	char root_label[CMDLINE_LABEL_MAX + 1];	/* node.root=PARTLABEL=<label>; empty when absent */
	char data_label[CMDLINE_LABEL_MAX + 1];	/* node.data=PARTLABEL=<label>; "data" by default */
	int has_verity;
	struct node_verity verity;
	int debug;				/* node.debug */
	/*
	 * node.install=usb or node.install=http://ADDR:PORT/DIR/: the installer UKI's flag. Checked
	 * here only for its shape (printable, bounded, one of the two forms); the URL itself is
	 * parsed strictly by the installer (http_url.c).
	 */
	enum { INSTALL_NONE = 0, INSTALL_USB, INSTALL_HTTP } install;
	char install_url[CMDLINE_INSTALL_MAX + 1];
};

/*
 * Parses len bytes (at most CMDLINE_MAX) of kernel command line: whitespace-separated words,
 * double quotes group and are removed, "--" ends the kernel's part. Unknown words are ignored;
 * known ones are validated strictly. 0, or -1 with a reason in err.
 */
int cmdline_parse(const char *buf, size_t len, struct node_cmdline *out, char *err, size_t errcap) WUR;

/* "<data_blocks>:<hash_start_block>:<root_hash_hex>:<salt_hex>". 0, or -1 with a reason in err. */
int verity_spec_parse(const char *s, size_t len, struct node_verity *v, char *err, size_t errcap) WUR;

#endif
