#!/bin/sh
# Build the stage-1 initramfs: our init as /init plus the modules it needs to reach the root, and
# what the same init needs as an installer (node.install= on the cmdline, DESIGN.md; the
# installer UKI is this initramfs with one more cmdline word):
#   /etc/node/update-keys/*.pub   the update keys the build trusts (update-keys.sh): the installer
#                                 verifies the bundle and provision.conf with them
#   /usr/bin/busybox              the root's static BusyBox, for two applets only:
#   /usr/sbin/udhcpc, /usr/sbin/ip  DHCP on the provisioning network (PXE)
#   /usr/sbin/node-dhcp-event     udhcpc's script, the root's own
#   /etc/modules-install          modules-install.list: loop, vfat, USB storage, NICs
# Reproducible: fixed owners, modes and mtimes, sorted entries, newc format, no compression (the UKI
# is read whole by the firmware either way, and unpacking plain cpio is the fastest under emulation).
#   build-initramfs.sh OUT.cpio KERNEL_TREE INIT_BIN KEYS_DIR BUSYBOX NODE_DHCP_EVENT
set -eu
out=$1 ktree=$2 initbin=$3 keys=$4 busybox=$5 dhcp_event=$6
here=$(cd "$(dirname "$0")" && pwd)
kver=$(ls "$ktree/lib/modules")
tree="$out.tree"
rm -rf "$tree" && mkdir -p "$tree"
for d in dev proc sys newroot etc etc/node/update-keys usr/bin usr/sbin; do mkdir -p "$tree/$d"; done
install -m 0755 "$initbin" "$tree/init"
grep -v '^#' "$here/modules-stage1.list" > "$tree/etc/modules-stage1"
grep -v '^#' "$here/modules-install.list" > "$tree/etc/modules-install"
# one module tree for both lists (kmods.sh resolves each list's dependencies; modules.dep covers both)
cat "$here/modules-stage1.list" "$here/modules-install.list" > "$out.modules"
sh "$here/kmods.sh" "$ktree" "$kver" "$out.modules" "$tree"
rm -f "$out.modules"

ls "$keys"/*.pub >/dev/null 2>&1 || { echo "build-initramfs: no update keys (*.pub) in $keys" >&2; exit 1; }
for k in "$keys"/*.pub; do install -m 0644 "$k" "$tree/etc/node/update-keys/"; done
# Static only: the initramfs has no libraries.
for p in "$busybox" "$dhcp_event"; do
	[ -x "$p" ] || { echo "build-initramfs: $p is missing" >&2; exit 1; }
	! readelf -l "$p" | grep -q 'program interpreter' ||
		{ echo "build-initramfs: $p is not a static binary (it names a program interpreter)" >&2; exit 1; }
done
install -m 0755 "$busybox" "$tree/usr/bin/busybox"
for a in udhcpc ip; do
	"$busybox" --list | grep -qx "$a" || { echo "build-initramfs: $busybox has no $a applet" >&2; exit 1; }
	ln -s /usr/bin/busybox "$tree/usr/sbin/$a"
done
install -m 0755 "$dhcp_event" "$tree/usr/sbin/node-dhcp-event"

# every mode set here: the builder's umask must not reach the image
find "$tree" -type d -exec chmod 0755 {} +
find "$tree" -exec touch -h -d "@${SOURCE_DATE_EPOCH:?}" {} +
(cd "$tree" && find . -print | LC_ALL=C sort | cpio -o -H newc --reproducible -R 0:0 --quiet) > "$out"
rm -rf "$tree"
