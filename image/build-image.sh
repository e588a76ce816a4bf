#!/bin/sh
# Build one image variant into OUT: root tree → root.img (squashfs + verity) → initramfs → UKI for
# slot A → ESP (from the root's ESP template) → disk.img. Inputs: the downloaded packages, the
# unpacked kernel, our init binary.
#   build-image.sh OUT VERSION DEBUG BUILD_DIR
# Our static programs for the root (beyond init) are taken from BUILD_DIR when built: nodeupdate,
# nodefw, nodecri, node-dhcp-event, nodetime, diode-recv, nodestatus, nodemetrics, nodelog. The secrets are sealed with BUILD_DIR/nodeseal.
set -eu
umask 022
# FAT timestamps are local time (mtools), so the time zone must not vary between builds.
export TZ=UTC LC_ALL=C
out=$1 version=$2 debug=$3 b=$4
here=$(cd "$(dirname "$0")" && pwd)
: "${SOURCE_DATE_EPOCH:?}"
mkdir -p "$out"
kver=$(ls "$b/kernel/lib/modules")

keys=$(sh "$here/update-keys.sh" "$b/keys")
progs=""
for p in nodeupdate nodefw nodecri node-dhcp-event nodetime diode-recv nodestatus nodemetrics nodelog; do
	[ -x "$b/$p" ] || { echo "build-image: $b/$p is not built" >&2; exit 1; }
	progs="$progs $b/$p"
done
# shellcheck disable=SC2086
sh "$here/build-root.sh" "$out/root.tree" "$b/debs" "$b/kernel" "$b/init" "$version" "$debug" "$keys" $progs
# The site's staging material: a real site names its directory (overlays/site/README.md);
# without it the development site's is made once in build/keys, and the build says so.
if [ -n "${NODE_SITE_KEYS:-}" ]; then
	sitekeys=$NODE_SITE_KEYS devkey=""
else
	sh "$here/site-dev.sh" "$b/keys" "$b/nodeseal" "$b/diode-send"
	sitekeys=$b/keys devkey=$b/keys/node.key
	echo "build-image: WARNING: no NODE_SITE_KEYS; development node key, registry CA and credentials from $b/keys" >&2
fi
ca="$here/../overlays/site/etc/node/registry-ca.crt"
[ -f "$ca" ] || ca=$sitekeys/site-ca/ca.crt
registry=$(sh "$here/render-containerd.sh" "$out/root.tree/etc/node/site.conf" "$ca" "$out/root.tree")
sh "$here/seal-secrets.sh" "$out/root.tree" "$sitekeys" "$b/nodeseal" "$registry"
sh "$here/build-rootimg.sh" "$out/root.tree" "$out/root.img"
# The initramfs carries the root's own BusyBox and DHCP script (the installer's DHCP on PXE).
sh "$here/build-initramfs.sh" "$out/initramfs.cpio" "$b/kernel" "$b/init" "$keys" \
	"$out/root.tree/usr/bin/busybox" "$out/root.tree/usr/sbin/node-dhcp-event"

. "$out/root.img.verity"
# printk.devkmsg=on: the kernel rate-limits writes to /dev/kmsg by default and would drop the
# later status lines of a boot (ready among them) from the kernel log.
# The cmdline rides inside the UKI (covered by its signature under Secure Boot), so the root hash
# that authenticates every root block is itself authenticated by the boot chain.
# The UKI names no slot: one UKI (and one bundle) fits either slot. Stage 1 learns the slot from the
# entry systemd-boot booted (LoaderEntrySelected: node-a*.efi or node-b*.efi).
# log_buf_len=1M: the kernel's log ring is the node's one log (init copies every service's output
# into it) and the buffer nodelog forwards from while the site's log host is unreachable.
# panic=10: a kernel that panics reboots, so boot counting moves on to the fallback slot.
printf '%s' "console=tty0 console=ttyS0,115200 quiet printk.devkmsg=on log_buf_len=1M panic=10 node.data=PARTLABEL=data node.verity=$DATA_BLOCKS:$HASH_START:$ROOT_HASH:$SALT" > "$out/cmdline"
cp "$out/root.tree/etc/os-release" "$out/osrel"
sh "$here/build-uki.sh" "$out/uki.efi" "$b/kernel/boot/vmlinuz-$kver" "$out/initramfs.cpio" "$out/cmdline" "$out/osrel"
sh "$here/build-esp.sh" -t "$out/root.tree/usr/lib/node/esp" "$out/esp.img" 128 "node-a.efi=$out/uki.efi"
# The development disk carries the development node key on /var, so `make run` opens the secrets;
# a real node gets its own key when it is installed.
sh "$here/build-disk.sh" "$out/disk.img" "$out/esp.img" "$out/root.img" $devkey
echo "$version" > "$out/version"
echo "$SOURCE_DATE_EPOCH" > "$out/source-date-epoch"
(cd "$out" && sha256sum root.img uki.efi disk.img > sha256sums)
