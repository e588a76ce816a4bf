#!/bin/sh
# The PXE installer of a built image (`make pxe`; firmware/README.md), from the image's site.conf
# `provision-url http://A.B.C.D:PORT/DIR/` (render-firewall.sh checked it when the image was built):
#   OUT/tftp/node-install.efi      the installer UKI, node.install=<that URL>: the one file a
#                                  UEFI firmware's own PXE fetches
#   OUT/tftp/boot.ipxe             for iPXE (QEMU's NIC ROM, or a site's chained iPXE):
#                                  firmware/boot.ipxe with the URL and the installer's cmdline
#   OUT/http/DIR/provision.conf, provision.conf.minisig, node.bundle
#                                  what the installer fetches itself, from http://A.B.C.D:PORT/DIR/
#   OUT/http/DIR/node-install.efi  the same UKI, for boot.ipxe to fetch over HTTP
# (per-node configs, DIR/<mac 52-54-00-12-34-56>.conf with their .minisig, are the site's to add).
#   build-pxe.sh OUT_DIR IMAGE_DIR BUILD_DIR
set -eu
umask 022
out=$1 img=$2 b=$3
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "build-pxe: $*" >&2; exit 1; }
: "${SOURCE_DATE_EPOCH:?}"
# a failed build leaves no files behind (nor older ones that look like its result)
rm -rf "$out/tftp" "$out/http"
version=$(cat "$img/version")
bundle=$img/node-$version.bundle
[ -f "$bundle" ] || fail "no bundle $bundle (make bundle)"
[ -f "$img/provision.conf" ] || fail "no $img/provision.conf (image/build-provision.sh)"
conf=$img/root.tree/etc/node/site.conf
url=$(awk '{ sub(/#.*/, "") } $1 == "provision-url" { n++; u = $2 }
	END { if (n > 1) { print "two provision-url lines" > "/dev/stderr"; exit 1 } print u }' "$conf") ||
	fail "$conf: the installer fetches from one place"
[ -n "$url" ] || fail "$conf has no provision-url http://A.B.C.D:PORT/DIR/: the PXE installer would not know where to fetch from (overlays/site/etc/node/site.conf documents it)"
path=${url#http://*/}
sh "$here/check-bundle.sh" "$bundle" "$img" "$b" "the bundle to install"
[ -f "$img/provision.conf.minisig" ] ||
	echo "build-pxe: WARNING: provision.conf is unsigned: the installer will refuse it" >&2

mkdir -p "$out/tftp"
# first: it checks the URL, whose path names the directory below
sh "$here/build-installer-uki.sh" "$out/tftp/node-install.efi" "$img" "$url"
objcopy --dump-section .cmdline="$out/tftp/cmdline" "$out/tftp/node-install.efi" "$out/tftp/discard" ||
	fail "cannot read the command line of $out/tftp/node-install.efi"
cmdline=$(cat "$out/tftp/cmdline")
rm -f "$out/tftp/cmdline" "$out/tftp/discard"
case $cmdline in *[!A-Za-z0-9=.,:/_+\ -]*) fail "the installer's command line has characters iPXE would expand: $cmdline" ;; esac
sed -e "s|@URL@|$url|g" -e "s|@CMDLINE@|$cmdline|g" "$here/../firmware/boot.ipxe" > "$out/tftp/boot.ipxe"
mkdir -p "$out/http/$path"
cp "$out/tftp/node-install.efi" "$out/http/$path/node-install.efi"
cp "$bundle" "$out/http/$path/node.bundle"
cp -p "$img/provision.conf" "$out/http/$path/provision.conf"
[ ! -f "$img/provision.conf.minisig" ] || cp "$img/provision.conf.minisig" "$out/http/$path/"
chmod 0644 "$out/tftp/node-install.efi" "$out/tftp/boot.ipxe" "$out/http/$path/node.bundle" \
	"$out/http/$path/node-install.efi"
tftp=$(stat -c %s "$out/tftp/node-install.efi")
http=$(cat "$out/http/$path"/node.bundle "$out/http/$path"/provision.conf* | wc -c)
echo "build-pxe: $out: TFTP tftp/node-install.efi $tftp bytes (node.install=$url) and boot.ipxe; HTTP http/$path: $http bytes for the installer (and node-install.efi for iPXE)"
