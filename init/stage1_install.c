#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "dm_verity.h"
#include "clock.h"
#include "errbuf.h"
#include "file_copy.h"
#include "install_fetch.h"
#include "install_media.h"
#include "install_net.h"
#include "install_root.h"
#include "modload.h"
#include "panic.h"
#include "stage1_install.h"
#include "stage2_args.h"
#include "status.h"

#define CONF_NAME "provision.conf"
#define SIG_SUFFIX ".minisig"
#define BUNDLE_NAME "node.bundle"
#define CONF_MAX 4096			/* nodeupdate provision reads at most this much */
#define SIG_MAX 16384			/* a minisign signature file is well under this */
#define BUNDLE_MAX (8ULL << 30)		/* the RAM disk's free space is the real bound */

static struct stage2_args next;

static void fetch_or_panic(const char *url, const char *name, const char *as, uint64_t max,
			   uint64_t *total)
{
	char err[ERR_MAX], path[128];
	uint64_t bytes = 0;
	long t0 = (long)clock_boot_ms(), ms;
	int r;

	(void)snprintf(path, sizeof path, INSTALL_DIR "/%s", as);
	r = install_fetch(url, name, path, max, &bytes, err, sizeof err);
	if (r == 1)
		node_panic("install", "%s%s: 404 Not Found: the provisioning server does not have it; "
			   "no disk was changed",
			   url, name);
	if (r != 0)
		node_panic("install", "fetch %s%s: %s; no disk was changed", url, name, err);
	ms = (long)clock_boot_ms() - t0;
	*total += bytes;
	status_line("install", "fetched %s%s: %" PRIu64 " bytes in %ld ms", url, name, bytes, ms);
}

/* The node's own config (DIR/<mac>.conf) when the server has one, else the site's shared one. */
static void fetch_config(const char *url, const struct install_nic *nic, uint64_t *total)
{
	char name[64], err[ERR_MAX];
	uint64_t bytes = 0;
	int r;

	(void)snprintf(name, sizeof name, "%s.conf", nic->mac);
	r = install_fetch(url, name, INSTALL_DIR "/" CONF_NAME, CONF_MAX, &bytes, err, sizeof err);
	if (r < 0)
		node_panic("install", "fetch %s%s: %s; no disk was changed", url, name, err);
	if (r == 0) {
		*total += bytes;
		status_line("install", "fetched %s%s (this node's own config, %s): %" PRIu64 " bytes",
			    url, name, nic->name, bytes);
		(void)snprintf(name, sizeof name, "%s.conf" SIG_SUFFIX, nic->mac);
		fetch_or_panic(url, name, CONF_NAME SIG_SUFFIX, SIG_MAX, total);
		return;
	}
	status_line("install", "no %s%s: using the shared %s", url, name, CONF_NAME);
	fetch_or_panic(url, CONF_NAME, CONF_NAME, CONF_MAX, total);
	fetch_or_panic(url, CONF_NAME SIG_SUFFIX, CONF_NAME SIG_SUFFIX, SIG_MAX, total);
}

/* RAM only: the bundle is verified, mapped and installed from the very bytes in RAM (a stick
 * cannot change them underneath, nor be needed once they are there); nothing of the node is
 * written before stage 2 has checked everything. */
static void ram_disk(void)
{
	if (mkdir(INSTALL_MNT, 0700) != 0 && errno != EEXIST)
		node_panic("install", "mkdir %s: %s", INSTALL_MNT, strerror(errno));
	if (mount("install", INSTALL_MNT, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0700") != 0)
		node_panic("install", "mount tmpfs on %s: %s", INSTALL_MNT, strerror(errno));
	if (mkdir(INSTALL_DIR, 0700) != 0)
		node_panic("install", "mkdir %s: %s", INSTALL_DIR, strerror(errno));
}

static void from_network(const char *url)
{
	struct install_nic nic;
	char err[ERR_MAX];
	uint64_t total = 0;
	long t0 = (long)clock_boot_ms();

	ram_disk();
	if (install_net_up(&nic, err, sizeof err) != 0)
		node_panic("install", "network: %s; no disk was changed", err);
	status_line("install", "%s (%s) has a DHCP lease after %ld ms", nic.name, nic.mac,
		    (long)clock_boot_ms() - t0);
	fetch_config(url, &nic, &total);
	fetch_or_panic(url, BUNDLE_NAME, BUNDLE_NAME, BUNDLE_MAX, &total);
	/* nothing listens and nothing more is sent: the link goes down before the root is trusted */
	if (install_net_down(&nic, err, sizeof err) != 0)
		node_panic("install", "network down: %s", err);
	status_line("install", "fetched %" PRIu64 " bytes from %s in %ld ms; %s is down again",
		    total, url, (long)clock_boot_ms() - t0, nic.name);
	memcpy(next.install, "-", 2);
}

static void from_media(void)
{
	static const struct {
		const char *name;
		uint64_t max;
	} files[] = { { CONF_NAME, CONF_MAX }, { CONF_NAME SIG_SUFFIX, SIG_MAX },
		      { BUNDLE_NAME, BUNDLE_MAX } };
	char err[ERR_MAX], src[128], dst[128];
	uint64_t bytes, total = 0;
	long t0 = (long)clock_boot_ms();
	size_t i;
	int r;

	ram_disk();
	if (install_media_mount(INSTALL_MEDIA_MNT, next.install, err, sizeof err) != 0)
		node_panic("install", "installer media: %s; no disk was changed", err);
	status_line("install", "media PARTLABEL=%s on disk %s mounted read-only on %s",
		    INSTALL_MEDIA_LABEL, next.install, INSTALL_MEDIA_MNT);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		(void)snprintf(src, sizeof src, INSTALL_MEDIA_MNT "/install/%s", files[i].name);
		(void)snprintf(dst, sizeof dst, INSTALL_DIR "/%s", files[i].name);
		r = file_copy(src, dst, files[i].max, &bytes, err, sizeof err);
		if (r == 1)
			node_panic("install", "installer media %s: install/%s is missing; no disk was "
				   "changed", next.install, files[i].name);
		if (r != 0)
			node_panic("install", "installer media %s: %s; no disk was changed", next.install,
				   err);
		total += bytes;
	}
	if (umount(INSTALL_MEDIA_MNT) != 0)
		node_panic("install", "umount %s: %s", INSTALL_MEDIA_MNT, strerror(errno));
	status_line("install", "copied %" PRIu64 " bytes from disk %s into RAM in %ld ms; the stick "
		    "is no longer used", total, next.install, (long)clock_boot_ms() - t0);
}

void stage1_install(const struct node_cmdline *c, const char *newroot, const char *init,
		    char *argv[])
{
	struct install_root_info info;
	struct modload_result mods;
	char err[ERR_MAX], target[128];

	status_line("install", "installer mode: node.install=%s",
		    c->install == INSTALL_USB ? "usb" : c->install_url);
	if (modload_list(INSTALL_MODULES, &mods, err, sizeof err) != 0)
		node_panic("modules", "%s", err);
	status_line("modules", "installer: loaded %u, already loaded %u, built in %u, no device %u",
		    mods.loaded, mods.present, mods.builtin, mods.nodevice);
	if (c->install == INSTALL_USB)
		from_media();
	else
		from_network(c->install_url);

	if (install_root_map(INSTALL_DIR "/" BUNDLE_NAME, &info, err, sizeof err) != 0)
		node_panic("install", "%s; no disk was changed", err);
	status_line("install", "bundle %s: version %s verified with key %s in %ld ms (%llu bytes); "
		    "root mapped with dm-verity (%llu data blocks, %llu hash blocks)",
		    BUNDLE_NAME, info.version, info.key_id, info.verify_ms, info.bundle_bytes,
		    info.data_blocks, info.hash_blocks);

	if (mkdir(newroot, 0755) != 0 && errno != EEXIST)
		node_panic("rootfs", "mkdir %s: %s", newroot, strerror(errno));
	if (mount(DM_ROOT_NODE, newroot, "squashfs", MS_RDONLY | MS_NODEV, NULL) != 0)
		node_panic("rootfs", "mount %s on %s as squashfs: %s", DM_ROOT_NODE, newroot,
			   strerror(errno));
	(void)snprintf(target, sizeof target, "%s/mnt", newroot);
	if (mount(INSTALL_MNT, target, NULL, MS_MOVE, NULL) != 0)
		node_panic("install", "move %s to %s: %s", INSTALL_MNT, target, strerror(errno));
	status_line("rootfs", "installer root version %s mounted on %s; the installer's files on /mnt",
		    info.version, newroot);
	stage2_args_build(&next, init, argv);
}
