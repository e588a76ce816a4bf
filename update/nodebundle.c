/* nodebundle: make, sign and check update bundles on the staging side (update/FORMAT.md).
 *   create      pack root image (tree first), UKI and an unsigned manifest
 *   sign        sign the manifest with an unencrypted minisign key, insert manifest.minisig
 *   attach-sig  insert a signature made by hand with `minisign -Sm manifest`
 *   verify      everything the node checks: signature, every hash, every tree block
 *   sign-file   FILE.minisig as `minisign -S -m FILE` writes it (the installer's provision.conf) */
#include <stdio.h>
#include <string.h>

#include "nodebundle.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "create", nb_create },
	{ "sign", nb_sign },
	{ "attach-sig", nb_attach_sig },
	{ "verify", nb_verify },
	{ "sign-file", nb_sign_file },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		nb_usage("no command given");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	nb_usage("unknown command \"%s\"", argv[1]);
}
