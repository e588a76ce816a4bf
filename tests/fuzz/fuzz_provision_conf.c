/* provision_conf_parse on untrusted bytes (a config is parsed only after its signature verified,
 * but the signer may be careless and the parser must not be). Whatever it accepts must satisfy
 * what it promises, checked here independently; whatever it refuses leaves nothing behind, and
 * no refusal message carries the node key. */
#include <stdint.h>
#include <string.h>

#include "fuzz_assert.h"
#include "provision_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int all_of(const char *s, const char *set)
{
	for (; *s; s++)
		if (strchr(set, *s) == NULL)
			return 0;
	return 1;
}

static void accepted_holds(const struct provision_conf *c)
{
	size_t n;

	FUZZ_ASSERT(c->disk_rule == DISK_RULE_FIRST_NON_REMOVABLE || c->disk_rule == DISK_RULE_SERIAL ||
		    c->disk_rule == DISK_RULE_NAME);
	n = strlen(c->disk_arg);
	if (c->disk_rule == DISK_RULE_FIRST_NON_REMOVABLE)
		FUZZ_ASSERT(n == 0);
	else
		FUZZ_ASSERT(n >= 1 && n <= PROVISION_SERIAL_MAX);
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERT(c->disk_arg[i] > 0x20 && c->disk_arg[i] < 0x7f);
	if (c->disk_rule == DISK_RULE_NAME)
		FUZZ_ASSERT(n <= PROVISION_DISK_NAME_MAX && c->disk_arg[0] != '.' &&
			    strchr(c->disk_arg, '/') == NULL);
	FUZZ_ASSERT(c->wipe == 0 || c->wipe == 1);
	n = strlen(c->hostname);
	FUZZ_ASSERT(n >= 1 && n <= PROVISION_HOSTNAME_MAX);
	FUZZ_ASSERT(all_of(c->hostname, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					"0123456789-."));
	FUZZ_ASSERT(strlen(c->node_key) == PROVISION_NODE_KEY_HEX);
	FUZZ_ASSERT(all_of(c->node_key, "0123456789abcdef"));
	FUZZ_ASSERT(!all_of(c->node_key, "0"));
}

/* The input with a node-key line appended: if that makes the parse fail, the message may not
 * show the key (unless the input itself already held those digits). */
#define SECRET "5ec2e7f00d5ec2e7f00d5ec2e7f00d5ec2e7f00d5ec2e7f00d5ec2e7f00d5ec2"
#define SECRET_LINE "\nnode-key " SECRET "\n"

static void key_never_shown(const char *text, size_t size)
{
	static char with[PROVISION_CONF_MAX + sizeof SECRET_LINE];
	struct provision_conf c;
	struct upd_error err;

	if (size + sizeof SECRET_LINE - 1 > sizeof with || memmem(text, size, "f00d5ec2", 8) != NULL)
		return;
	memcpy(with, text, size);
	memcpy(with + size, SECRET_LINE, sizeof SECRET_LINE - 1);
	if (provision_conf_parse(with, size + sizeof SECRET_LINE - 1, &c, &err) == 0)
		return;
	FUZZ_ASSERT(strstr(err.msg, "f00d5ec2") == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct provision_conf zero;
	static char text[PROVISION_CONF_MAX + 64];
	struct provision_conf c;
	struct upd_error err;
	char rule[PROVISION_SERIAL_MAX + 32];
	int rc;

	/* past the limit by a little: the size check itself is fuzzed too */
	if (size > sizeof text)
		return 0;
	memcpy(text, data, size);
	err.msg[0] = '\0';
	rc = provision_conf_parse(text, size, &c, &err);
	FUZZ_ASSERT(rc == 0 || rc == -1);
	if (rc == 0) {
		FUZZ_ASSERT(size <= PROVISION_CONF_MAX);
		accepted_holds(&c);
		FUZZ_ASSERT(strlen(provision_disk_rule_text(&c, rule, sizeof rule)) < sizeof rule);
	} else {
		FUZZ_ASSERT(err.msg[0] != '\0' && err.kind == UPD_ERR_BAD);
		FUZZ_ASSERT(memcmp(&c, &zero, sizeof c) == 0);
	}
	key_never_shown(text, size);
	return 0;
}
