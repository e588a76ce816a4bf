#!/bin/sh
# Assemble the root filesystem tree from Debian packages, kernel modules, our static binaries and
# the overlays. No maintainer scripts run: the tree is exactly the packages' files plus ours.
#   build-root.sh OUT DEBS_DIR KERNEL_TREE INIT_BIN VERSION DEBUG(0|1) KEYS_DIR [SBIN_PROGRAM...]
# KEYS_DIR holds the minisign public keys (*.pub) the update agent trusts; each SBIN_PROGRAM (our
# static binaries, e.g. nodeupdate) goes to /usr/sbin.
set -eu
out=$1 debs=$2 ktree=$3 initbin=$4 version=$5 debug=$6 keys=$7
shift 7
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
kver=$(ls "$ktree/lib/modules")

rm -rf "$out" && mkdir -p "$out"
stage="$out.stage"
rm -rf "$stage" && mkdir -p "$stage"
for p in $(cat "$debs/root.pkgs"); do
	deb=$(ls "$debs/${p}_"*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || { echo "build-root: no .deb for package $p in $debs" >&2; exit 1; }
	dpkg-deb -x "$deb" "$stage"
done

# Merged /usr, as Debian 12 itself has: the packages ship files under both /bin and /usr/bin.
mkdir -p "$stage/usr"
for d in bin sbin lib lib64; do
	if [ -d "$stage/$d" ] && [ ! -L "$stage/$d" ]; then
		mkdir -p "$stage/usr/$d"
		cp -a "$stage/$d/." "$stage/usr/$d/"
		rm -rf "${stage:?}/$d"
	fi
done
cp -a "$stage/." "$out/"
rm -rf "$stage"
for d in bin sbin lib lib64; do mkdir -p "$out/usr/$d" && ln -s "usr/$d" "$out/$d"; done

# What an appliance does not need: documentation, manuals, locales, package metadata, hooks.
rm -rf "$out/usr/share/doc" "$out/usr/share/man" "$out/usr/share/info" "$out/usr/share/locale" \
	"$out/usr/share/lintian" "$out/usr/share/bug" "$out/usr/share/bash-completion" \
	"$out/usr/share/zsh" "$out/usr/share/gdb" "$out/etc/cron.d" "$out/etc/cron.daily" \
	"$out/etc/init.d" "$out/lib/systemd" "$out/usr/lib/systemd" "$out/etc/logrotate.d" \
	"$out/usr/share/gcc" "$out/usr/share/initramfs-tools" "$out/etc/mke2fs.conf.d" \
	"$out/usr/lib/x86_64-linux-gnu/gconv" "$out/usr/share/i18n"

# BusyBox applets as symlinks, never over a file a package installed, and never /sbin/init.
"$out/bin/busybox" --list-full | while read -r a; do
	case "$a" in sbin/init|linuxrc|usr/sbin/init) continue ;; esac
	t="$out/usr/${a#usr/}"
	[ -e "$t" ] || [ -L "$t" ] || ln -s /bin/busybox "$t"
done

# Kernel modules for stage 2 (dependencies resolved, modules.dep rewritten for this subset).
sh "$here/kmods.sh" "$ktree" "$kver" "$here/modules-root.list" "$out/usr"

install -m 0755 "$initbin" "$out/usr/sbin/init"
for prog in "$@"; do install -m 0755 "$prog" "$out/usr/sbin/$(basename "$prog")"; done
mkdir -p "$out/etc/node/update-keys"
ls "$keys"/*.pub >/dev/null 2>&1 || { echo "build-root: no update keys (*.pub) in $keys" >&2; exit 1; }
for k in "$keys"/*.pub; do install -m 0644 "$k" "$out/etc/node/update-keys/"; done
# The ESP's template, /usr/lib/node/esp: systemd-boot as the removable-media loader here, and
# loader/loader.conf from overlays/base. build-esp.sh makes the disk's ESP and the USB installer's
# from the built tree's copy, and `nodeupdate provision` a new node's from the root it installs.
sdboot=/usr/lib/systemd/boot/efi/systemd-bootx64.efi
[ -f "$sdboot" ] || { echo "build-root: $sdboot missing (package systemd-boot-efi)" >&2; exit 1; }
mkdir -p "$out/usr/lib/node/esp/EFI/BOOT"
install -m 0644 "$sdboot" "$out/usr/lib/node/esp/EFI/BOOT/BOOTX64.EFI"

# Overlays: ours, then the site's, then (test builds only) the debug one. Modes are normalised:
# a checkout's umask must not reach the image.
overlay() {
	t=$(mktemp -d)
	cp -R "$1/." "$t/"
	rm -f "$t"/*.md	# an overlay's own documentation (overlays/site/README.md) is not for the node
	chmod -R u+rwX,go+rX,go-w "$t"
	cp -a "$t/." "$out/"
	rm -rf "$t"
}
overlay "$top/overlays/base"
[ -d "$top/overlays/site" ] && overlay "$top/overlays/site"
# Tests build deliberately broken versions (e.g. a service that crashes, to fail a trial boot's
# health check) by naming one more overlay; never set in a normal build.
if [ -n "${NODE_TEST_OVERLAY:-}" ]; then
	[ ! -d "$NODE_TEST_OVERLAY/rootfs" ] || overlay "$NODE_TEST_OVERLAY/rootfs"
	[ ! -f "$NODE_TEST_OVERLAY/services.append" ] || cat "$NODE_TEST_OVERLAY/services.append" >> "$out/etc/node/services"
fi
if [ "$debug" = 1 ]; then
	overlay "$top/overlays/debug/rootfs"
	cat "$top/overlays/debug/services.append" >> "$out/etc/node/services"
fi
[ -f "$out/usr/lib/node/esp/loader/loader.conf" ] ||
	{ echo "build-root: no usr/lib/node/esp/loader/loader.conf in the overlays" >&2; exit 1; }
# What the site's values make, after every overlay (a test overlay may bring its own site.conf):
# the firewall (a site that writes its own firewall.nft keeps it) and a DHCP client per interface
# that asks for one, the time client for the site's time servers, the diode's receiver, the
# metrics endpoint, and the logger (first in the file). A site.conf the renderers do not accept
# fails the build. Resolvers: init writes them at boot.
[ -f "$out/etc/node/site.conf" ] || { echo "build-root: no etc/node/site.conf in the overlays" >&2; exit 1; }
[ -f "$out/etc/node/firewall.nft" ] || sh "$top/image/render-firewall.sh" "$out/etc/node/site.conf" "$out/etc/node/firewall.nft"
sh "$top/image/render-dhcp.sh" "$out/etc/node/site.conf" "$out/etc/node/services"
sh "$top/image/render-ntp.sh" "$out/etc/node/site.conf" "$out/etc/node/services"
sh "$top/image/render-diode.sh" "$out/etc/node/site.conf" "$out/etc/node/services"
sh "$top/image/render-metrics.sh" "$out/etc/node/site.conf" "$out/etc/node/services"
sh "$top/image/render-log.sh" "$out/etc/node/site.conf" "$out/etc/node/services"
ln -sfn /run/node/resolv.conf "$out/etc/resolv.conf"
cat > "$out/etc/os-release" <<OSR
ID=node
NAME="Node appliance"
PRETTY_NAME="Node appliance $version"
IMAGE_ID=node
IMAGE_VERSION=$version
VERSION_ID=$version
OSR

for d in dev proc sys run tmp var mnt media; do mkdir -p "$out/$d"; done
# containerd's CRI plugin watches the CNI configuration directory and will not start without it.
# overlays/base/etc/cni/net.d holds the node's bridge (10.88.0.0/16, no masquerade: iptables rules
# would live outside the firewall's one table; pod addresses are the site's to route). The bridged
# traffic crosses the firewall's forward chain, which drops every non-site destination.
mkdir -p "$out/etc/cni/net.d"
chmod 1777 "$out/tmp"

# Every dynamic ELF must find its libraries inside the tree, or the image is broken.
sh "$here/check-libs.sh" "$out"
