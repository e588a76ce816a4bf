/* nodeupdate: the node's update agent. Verifies and installs signed bundles into the inactive
 * slot, blesses a healthy trial boot, rolls back on request, watches an inbox. update/README.md
 * documents commands, options and exit codes. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit_codes.h"
#include "kernel_cmdline.h"

#define NODEUPDATE_VERSION "1"

static const char usage_text[] =
	"usage: nodeupdate [--disk DEV] [--keys DIR] [--state DIR] [--esp-mount DIR] COMMAND\n"
	"  install FILE|-     verify a bundle and install it into the slot that is not booted\n"
	"  status [--json]    slots, versions, boot counting, floor, last result\n"
	"  mark-good          bless a trial boot (rename its entry), raise the floor\n"
	"  boot-ok            what init runs once a boot is healthy: mark-good, silent when\n"
	"                     there is nothing to bless\n"
	"  rollback           make the other (good) slot boot next; mark this one bad\n"
	"  watch DIR          install every complete *.bundle that appears in DIR; with\n"
	"                     --media ROOT also on USB media, mounted read-only under ROOT\n"
	"  provision --config FILE --bundle FILE [--not-disk NAME]...\n"
	"                     install a node onto a blank disk: the disk, hostname and node\n"
	"                     key from the signed config, the system from the bundle; never\n"
	"                     onto disk NAME (the installer's medium)\n"
	"test options: --booted a|b, --installed-version V, --efivars DIR, --os-release FILE,\n"
	"              --cmdline FILE, --esp-template DIR (provision)\n";

static int usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "nodeupdate: %s\n", why);
	fputs(usage_text, stderr);
	return NU_EXIT_USAGE;
}

struct option_def {
	const char *name;
	const char **value;
};

/* The installer's own medium: "sdb" or "/dev/sdb"; "-" (a network install) names none. */
static int not_disk_add(struct agent *a, const char *name)
{
	if (strncmp(name, "/dev/", 5) == 0)
		name += 5;
	if (strcmp(name, "-") == 0)
		return 0;
	if (name[0] == '\0' || name[0] == '.' || strchr(name, '/') != NULL ||
	    strlen(name) >= BLOCK_NAME_MAX || a->n_not_disk == NOT_DISKS_MAX)
		return -1;
	a->not_disk[a->n_not_disk++] = name;
	return 0;
}

static int parse(int argc, char **argv, struct agent *a, const char **pos, int *npos)
{
	static const char *booted;
	const struct option_def opts[] = {
		{ "--disk", &a->disk },           { "--keys", &a->keys_dir },
		{ "--state", &a->state_dir },     { "--esp-mount", &a->esp_mountpoint },
		{ "--efivars", &a->efivars_dir }, { "--os-release", &a->os_release },
		{ "--cmdline", &a->cmdline },     { "--installed-version", &a->installed_opt },
		{ "--booted", &booted },          { "--media", &a->media_root },
		{ "--config", &a->config },       { "--bundle", &a->bundle },
		{ "--esp-template", &a->esp_template },
	};
	int i;
	size_t k;

	*npos = 0;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "--json") == 0) {
			a->json = 1;
			continue;
		}
		if (strcmp(arg, "--not-disk") == 0) {
			if (i + 1 >= argc || not_disk_add(a, argv[++i]) < 0)
				return usage("--not-disk takes a disk's kernel name (sdb, /dev/sdb; "
					     "- for none), at most 8 times");
			continue;
		}
		if (strncmp(arg, "--", 2) != 0 || strcmp(arg, "--") == 0) {
			if (*npos == 2)
				return usage("too many arguments");
			pos[(*npos)++] = arg;
			continue;
		}
		for (k = 0; k < sizeof opts / sizeof opts[0]; k++)
			if (strcmp(arg, opts[k].name) == 0)
				break;
		if (k == sizeof opts / sizeof opts[0]) {
			fprintf(stderr, "nodeupdate: unknown option %s\n", arg);
			return usage(NULL);
		}
		if (i + 1 >= argc || argv[i + 1][0] == '\0') {
			fprintf(stderr, "nodeupdate: %s needs a value\n", arg);
			return usage(NULL);
		}
		*opts[k].value = argv[++i];
	}
	if (booted != NULL && (a->booted = slot_from_string(booted)) == 0)
		return usage("--booted must be a or b");
	return 0;
}

static int exit_code(const struct upd_error *err)
{
	switch (err->kind) {
	case UPD_ERR_BAD:
		return NU_EXIT_FAIL;
	case UPD_ERR_POLICY:
		return NU_EXIT_REFUSED;
	default:
		return NU_EXIT_SYS;
	}
}

static int run_install(struct agent *a, const char *arg, struct upd_error *err)
{
	return cmd_install(a, arg, err);
}

static int run_status(struct agent *a, const char *arg, struct upd_error *err)
{
	(void)arg;
	return cmd_status(a, err);
}

static int run_mark_good(struct agent *a, const char *arg, struct upd_error *err)
{
	(void)arg;
	return cmd_mark_good(a, err);
}

static int run_boot_ok(struct agent *a, const char *arg, struct upd_error *err)
{
	(void)arg;
	a->quiet_noop = 1;
	return cmd_mark_good(a, err);
}

static int run_rollback(struct agent *a, const char *arg, struct upd_error *err)
{
	(void)arg;
	return cmd_rollback(a, err);
}

static int run_watch(struct agent *a, const char *arg, struct upd_error *err)
{
	return cmd_watch(a, arg, err);
}

static int run_provision(struct agent *a, const char *arg, struct upd_error *err)
{
	(void)arg;
	return cmd_provision(a, err);
}

static const struct command {
	const char *name;
	int takes_arg;
	int (*run)(struct agent *a, const char *arg, struct upd_error *err);
} commands[] = {
	{ "install", 1, run_install },
	{ "status", 0, run_status },
	{ "mark-good", 0, run_mark_good },
	{ "boot-ok", 0, run_boot_ok },
	{ "rollback", 0, run_rollback },
	{ "watch", 1, run_watch },
	{ "provision", 0, run_provision },
};

int main(int argc, char **argv)
{
	static struct agent a;
	struct upd_error err = { UPD_ERR_SYS, "failed without saying why" };
	const struct command *c = NULL;
	const char *pos[2];
	size_t i;
	int npos, rc;

	agent_defaults(&a);
	rc = parse(argc, argv, &a, pos, &npos);
	if (rc != 0)
		return rc;
	if (npos == 0)
		return usage("no command");
	if (strcmp(pos[0], "version") == 0) {
		printf("nodeupdate %s\n", NODEUPDATE_VERSION);
		return NU_EXIT_OK;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(pos[0], commands[i].name) == 0)
			c = &commands[i];
	if (c == NULL)
		return usage("unknown command");
	if (npos != 1 + c->takes_arg) {
		fprintf(stderr, "nodeupdate: %s takes %s\n", c->name,
			c->takes_arg ? "one argument" : "no argument");
		return usage(NULL);
	}
	if (c->run == run_provision && (a.config == NULL || a.bundle == NULL))
		return usage("provision needs --config FILE and --bundle FILE");
	rc = c->run(&a, c->takes_arg ? pos[1] : NULL, &err);
	if (fflush(stdout) != 0 && rc == 0) {
		perror("nodeupdate: writing standard output");
		return NU_EXIT_SYS;
	}
	if (rc == 0)
		return NU_EXIT_OK;
	agent_warn("%s", err.msg);
	return exit_code(&err);
}
