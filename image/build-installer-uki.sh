#!/bin/sh
# Build the installer UKI of a built image: the image's own kernel (the .linux of its uki.efi),
# initramfs.cpio and osrel, with its cmdline plus " node.install=FLAG". The same OS with one more
# word, embedded in the UKI so a Secure Boot signature of the installer covers it too.
#   build-installer-uki.sh OUT.efi IMAGE_DIR FLAG
# FLAG: usb (install from the USB media's node-install partition) or the provisioning URL
# http://A.B.C.D:PORT/DIR/ (literal IPv4 address, port, a path that ends in /).
set -eu
out=$1 img=$2 flag=$3
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "build-installer-uki: $*" >&2; exit 1; }
[ "$(printf '%s' "$flag" | wc -l)" = 0 ] || fail "node.install= takes one line"
case $flag in
usb) ;;
http://*)
	echo "$flag" | grep -Eq '^http://([0-9]{1,3}\.){3}[0-9]{1,3}:[0-9]{1,5}/([A-Za-z0-9._~-]+/)*$' ||
		fail "node.install=$flag: want http://A.B.C.D:PORT/DIR/ (IPv4 address, port, path ending in /)"
	case $flag in */./*|*/../*) fail "node.install=$flag: no . or .. in the path" ;; esac
	hp=${flag#http://} && hp=${hp%%/*}
	for o in $(echo "${hp%:*}" | tr . ' '); do
		[ "$o" -le 255 ] || fail "node.install=$flag: ${hp%:*} is not an IPv4 address"
	done
	if [ "${hp##*:}" -lt 1 ] || [ "${hp##*:}" -gt 65535 ]; then fail "node.install=$flag: ${hp##*:} is not a port"; fi ;;
*) fail "node.install=$flag: want usb or http://A.B.C.D:PORT/DIR/" ;;
esac
for f in uki.efi initramfs.cpio osrel cmdline; do
	[ -f "$img/$f" ] || fail "$img/$f missing (build the image first)"
done
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
objcopy --dump-section .linux="$t/vmlinuz" --dump-section .initrd="$t/initrd" \
	--dump-section .cmdline="$t/cmdline" "$img/uki.efi" "$t/discard" ||
	fail "cannot read the sections of $img/uki.efi"
# the image directory must be one build: the UKI made of these very files
cmp -s "$t/initrd" "$img/initramfs.cpio" || fail "$img/initramfs.cpio is not the one in $img/uki.efi"
cmp -s "$t/cmdline" "$img/cmdline" || fail "$img/cmdline is not the one in $img/uki.efi"
printf '%s node.install=%s' "$(cat "$img/cmdline")" "$flag" > "$t/cmdline.install"
sh "$here/build-uki.sh" "$out" "$t/vmlinuz" "$img/initramfs.cpio" "$t/cmdline.install" "$img/osrel"
