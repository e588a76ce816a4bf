#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdline_load.h"
#include "data_mount.h"
#include "errbuf.h"
#include "fileio.h"
#include "firewall.h"
#include "fs_protect.h"
#include "firewall_check.h"
#include "hostname_set.h"
#include "modload.h"
#include "mount_plan.h"
#include "mounts_apply.h"
#include "netconf.h"
#include "os_release.h"
#include "panic.h"
#include "reap.h"
#include "run_node.h"
#include "secrets.h"
#include "services.h"
#include "shutdown.h"
#include "signal_map.h"
#include "site_conf.h"
#include "stage2.h"
#include "stage2_args.h"
#include "stage2_install.h"
#include "status.h"
#include "supervisor.h"

#define STAGE2_MODULES "/etc/node/modules"
#define SERVICES_FILE "/etc/node/services"
#define OS_RELEASE_FILE "/etc/os-release"
#define VERSION_MAX 64

/* Everything stage 2 keeps lives here, sized at build time. */
static struct node_cmdline cmdline;
static struct services_table services;
static char services_buf[SERVICES_FILE_MAX];
static char image_version[VERSION_MAX] = "unknown";
static struct stage2_args args;
static int stage2_sfd = -1;

/* A failed trial boot before the supervisor runs: the normal way down, so /var ends clean. */
static void fatal_reboot(void)
{
	status_line("shutdown", "reboot requested by the failed trial boot");
	shutdown_finish(stage2_sfd, NODE_ACT_REBOOT);
}

/* stdin from /dev/null: 0 once done, -1 while /dev is not there yet. */
static int stdin_from_null(void)
{
	int fd = open("/dev/null", O_RDONLY);

	if (fd < 0)
		return -1;
	if (fd != 0) {
		if (dup2(fd, 0) < 0) {
			fd_close_keep_errno(fd);
			return -1;
		}
		fd_close_keep_errno(fd);
	}
	return 0;
}

static int setup_pid1(const sigset_t *blocked, int *stdin_done)
{
	int sfd = signalfd(-1, blocked, SFD_CLOEXEC | SFD_NONBLOCK);

	if (sfd < 0)
		node_panic("stage2", "signalfd: %s", strerror(errno));
	/* SIGINT is blocked (and read from sfd) before the kernel starts sending it for ctrl-alt-del */
	if (reboot(RB_DISABLE_CAD) != 0)
		node_panic("stage2", "reboot(RB_DISABLE_CAD): %s", strerror(errno));
	/* children that died before the signalfd existed never raise an event */
	if (reap_all(NULL, NULL, NULL) < 0)
		node_panic("stage2", "waitpid: %s", strerror(errno));
	umask(022);
	if (chdir("/") != 0)
		node_panic("stage2", "chdir /: %s", strerror(errno));
	*stdin_done = stdin_from_null() == 0;
	/* EPERM: already a session (or group) leader, which is all we want */
	if (setsid() < 0 && errno != EPERM)
		node_panic("stage2", "setsid: %s", strerror(errno));
	return sfd;
}

static void read_version(void)
{
	char buf[4096];
	size_t len;

	if (file_read_all(OS_RELEASE_FILE, buf, sizeof buf, &len) != 0) {
		status_fail("version", "read %s: %s; reporting version=unknown", OS_RELEASE_FILE,
			    strerror(errno));
		return;
	}
	if (os_release_value(buf, len, "IMAGE_VERSION", image_version, sizeof image_version) != 0) {
		memcpy(image_version, "unknown", sizeof "unknown");
		status_fail("version", "no usable IMAGE_VERSION in %s; reporting version=unknown",
			    OS_RELEASE_FILE);
	}
}

/* /run/node/booted-slot and /run/node/trial: the truth from the stage that mounted the root. */
static void publish_boot_state(char slot, const char *source, int trial)
{
	const char slot_line[2] = { slot, '\n' };

	if (mkdir(RUN_NODE_DIR, RUN_NODE_DIR_MODE) != 0 && errno != EEXIST) {
		status_fail("slot", "mkdir %s: %s; %s and %s not written", RUN_NODE_DIR,
			    strerror(errno), RUN_NODE_BOOTED_SLOT, RUN_NODE_TRIAL);
	} else {
		if ((slot == 'a' || slot == 'b') &&
		    file_write_atomic(RUN_NODE_BOOTED_SLOT, RUN_NODE_BOOTED_SLOT_TMP, slot_line,
				      sizeof slot_line, RUN_NODE_FILE_MODE) != 0)
			status_fail("slot", "write %s: %s", RUN_NODE_BOOTED_SLOT, strerror(errno));
		if (file_write_atomic(RUN_NODE_TRIAL, RUN_NODE_TRIAL_TMP, trial ? "1\n" : "0\n", 2,
				      RUN_NODE_FILE_MODE) != 0)
			status_fail("slot", "write %s: %s", RUN_NODE_TRIAL, strerror(errno));
	}
	status_line("slot", "%c (from %s), %s", slot, source,
		    trial ? "trial boot" : "not a trial boot");
}

/*
 * The firewall before any interface, and no interface without it (fail closed): a node that
 * cannot prove its air gap stays off the network, says so, and a trial boot of it fails.
 */
static void network_up(void)
{
	static char conf_buf[SITE_CONF_MAX];
	static struct site_conf site;
	char err[ERR_MAX], summary[512];
	size_t len;

	if (firewall_up(err, sizeof err) != 0) {
		node_boot_failed("firewall", "%s; no network interface configured (fail closed)", err);
		return;
	}
	status_line("firewall", "%s loaded; table inet %s in force, input, forward and output "
		    "policy drop", FIREWALL_RULES, FIREWALL_TABLE);
	if (file_read_all(SITE_CONF_FILE, conf_buf, sizeof conf_buf, &len) != 0) {
		node_boot_failed("network", "read %s: %s; no network interface configured",
				 SITE_CONF_FILE, strerror(errno));
		return;
	}
	if (site_conf_parse(conf_buf, len, &site, err, sizeof err) != 0) {
		node_boot_failed("network", "%s %s; no network interface configured",
				 SITE_CONF_FILE, err);
		return;
	}
	if (netconf_apply(&site, summary, sizeof summary, err, sizeof err) != 0) {
		node_boot_failed("network", "%s", err);
		return;
	}
	status_line("network", "%s", summary);
}

/*
 * The sealed secrets into /run/secrets, before any service runs. A node whose key does not open
 * them keeps running (an update or a re-provisioned key can still reach it) but starts none of the
 * services that need them, and a trial boot of such an image fails. 1 if they are in place.
 */
static int unseal_secrets(void)
{
	char err[ERR_MAX], users[128] = "";
	struct secrets_result res;
	size_t n = 0;
	unsigned i;

	if (secrets_unseal(&res, err, sizeof err) == 0) {
		if (res.count == 0)
			status_line("secrets", "none sealed into this image");
		else
			status_line("secrets", "%u unsealed into %s with node key %s", res.count,
				    SECRETS_RUN_DIR, res.keyid);
		return 1;
	}
	for (i = 0; i < services.count; i++) {
		if (!(services.svc[i].flags & SERVICE_SECRETS) || n >= sizeof users)
			continue;
		n += (size_t)snprintf(users + n, sizeof users - n, "%s%s", n ? ", " : "",
				      services.svc[i].name);
	}
	node_boot_failed("secrets", "%s; not started: %s", err, n ? users : "no service needs them");
	return 0;
}

static void load_services(void)
{
	char why[ERR_MAX];
	size_t len;

	if (file_read_all(SERVICES_FILE, services_buf, sizeof services_buf, &len) != 0)
		node_panic("services", "read %s: %s", SERVICES_FILE, strerror(errno));
	if (services_parse(services_buf, len, &services, why, sizeof why) != 0)
		node_panic("services", "%s %s", SERVICES_FILE, why);
}

_Noreturn void stage2_main(const sigset_t *blocked, int argc, char *const argv[])
{
	char err[ERR_MAX], host[HOSTNAME_LEN_MAX + 1];
	struct mounts_result mr;
	struct modload_result mods;
	int sfd, stdin_done = 0, r, have_secrets;
	char slot;
	const char *slot_source, *host_source;

	if (status_open() != 0) {
		/* /dev is not mounted yet (no stage 1 moved it here): fd 2 until it is */
	}
	if (stage2_args_parse(argc, argv, &args, err, sizeof err) != 0)
		node_panic("stage2", "arguments from stage 1: %s", err);
	/* from here on a failure of a trial boot reboots (panic.c) instead of halting */
	panic_set_trial(args.trial);
	sfd = setup_pid1(blocked, &stdin_done);
	stage2_sfd = sfd;
	panic_set_reboot(fatal_reboot);
	status_line("stage2", "start");

	if (mounts_apply(0, &mr, err, sizeof err) != 0)
		node_panic("mounts", "%s", err);
	if (status_open() != 0)
		status_fail("mounts", "open /dev/console: %s; status lines stay on the kernel's fd 2",
			    strerror(errno));
	if (!stdin_done && stdin_from_null() != 0)
		node_panic("mounts", "open /dev/null as stdin: %s", strerror(errno));
	status_line("mounts", "mounted %u, already mounted %u", mr.mounted, mr.present);

	if (cmdline_load(&cmdline, err, sizeof err) != 0)
		node_panic("cmdline", "%s", err);
	if (args.slot != 0) {
		slot = args.slot;
		slot_source = "stage 1";
	} else if (cmdline.slot != 0) {
		slot = cmdline.slot;
		slot_source = "node.slot= on the command line";
	} else {
		slot = '-';
		slot_source = "nowhere: no --slot= from stage 1, no node.slot=; " RUN_NODE_BOOTED_SLOT
			      " not written";
	}
	publish_boot_state(slot, slot_source, args.trial);

	if (modload_list(STAGE2_MODULES, &mods, err, sizeof err) != 0)
		node_panic("modules", "%s", err);
	status_line("modules", "loaded %u, already loaded %u, built in %u, no device %u",
		    mods.loaded, mods.present, mods.builtin, mods.nodevice);

	if (mounts_apply(MOUNT_AFTER_MODULES, &mr, err, sizeof err) != 0)
		node_panic("mounts", "%s", err);
	status_line("mounts", "late: mounted %u, already mounted %u, skipped %u without EFI",
		    mr.mounted, mr.present, mr.skipped);

	/* before /var and any service: a hardening the node must not run without unnoticed */
	if (fs_protect(err, sizeof err) != 0)
		status_fail("sysctl", "%s; the node runs without the kernel's link protections", err);
	else
		status_line("sysctl", "fs.protected_hardlinks=1 protected_symlinks=1 protected_fifos=2 "
			    "protected_regular=2");

	/* the installer: no /var, no services, no network; the disk is nodeupdate's to write */
	if (args.install[0] != '\0')
		stage2_install(sfd, args.install);

	if (data_mount(cmdline.data_label, err, sizeof err) != 0)
		node_panic("data", "%s", err);

	r = hostname_set(host, sizeof host, &host_source, err, sizeof err);
	if (r < 0)
		node_panic("hostname", "%s", err);
	if (r > 0)
		status_line("hostname", "%s (from %s)", host, host_source);
	else
		status_line("hostname", "not set: no /var/lib/node/hostname, no /etc/hostname");

	load_services();
	have_secrets = unseal_secrets();

	network_up();

	read_version();
	status_line("services", "%u configured", services.count);
	supervisor_run(&services, sfd, image_version, slot, have_secrets);
}
