#!/bin/sh
# The USB installer of a built image (`make usb`; firmware/README.md): a GPT disk image with one
# partition, type ESP, GPT name node-install, FAT32 labelled NODEINSTALL, holding
#   EFI/BOOT/BOOTX64.EFI, loader/loader.conf   the root's ESP template (systemd-boot, no menu)
#   EFI/Linux/node-install.efi                 the installer UKI (node.install=usb), the only entry
#   install/node.bundle                        the image's signed bundle
#   install/provision.conf[.minisig]           the provisioning config (build-provision.sh)
#   UPDATE.bundle...                           optional update bundles at the top, for a node's
#                                              `nodeupdate watch` when the stick is plugged in later
# The partition holds the bundle, the UKI and the updates with 16 MiB to spare, in whole MiB.
# Reproducible: fixed GUIDs, volume id and file times. The installer UKI is kept beside OUT
# (node-install.efi) for signing (Secure Boot) and measurement.
#   build-usb.sh OUT.img IMAGE_DIR BUILD_DIR [UPDATE.bundle...]
set -eu
umask 022
out=$1 img=$2 b=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "build-usb: $*" >&2; exit 1; }
: "${SOURCE_DATE_EPOCH:?}"
export TZ=UTC MTOOLS_SKIP_CHECK=1
MiB=1048576
# a failed build leaves no stick image behind (nor an older one that looks like its result)
rm -rf "$out" "$out.work" "$(dirname "$out")/node-install.efi"
version=$(cat "$img/version")
bundle=$img/node-$version.bundle
[ -f "$bundle" ] || fail "no bundle $bundle (make bundle)"
[ -f "$img/provision.conf" ] || fail "no $img/provision.conf (image/build-provision.sh)"
names=""
for u in "$@"; do
	[ -f "$u" ] || fail "USB_UPDATES: no such file $u"
	n=$(basename "$u")
	echo "$n" | grep -Eqx '[A-Za-z0-9._+-]+\.bundle' || fail "USB_UPDATES: $u: the name must end in .bundle (nodeupdate watch looks for *.bundle) and hold only A-Z a-z 0-9 . _ + -"
	case " $names " in *" $n "*) fail "USB_UPDATES: two updates named $n" ;; esac
	names="$names $n"
done
sh "$here/check-bundle.sh" "$bundle" "$img" "$b" "the bundle to install"
for u in "$@"; do sh "$here/check-bundle.sh" "$u" "$img" "$b" "update $(basename "$u")"; done
[ -f "$img/provision.conf.minisig" ] ||
	echo "build-usb: WARNING: provision.conf is unsigned: this stick's installer will refuse it" >&2

dir=$(dirname "$out")
mkdir -p "$dir"
work="$out.work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
uki=$dir/node-install.efi
sh "$here/build-installer-uki.sh" "$uki" "$img" usb

bytes=$(stat -c %s "$bundle")
bytes=$((bytes + $(stat -c %s "$uki")))
for u in "$@"; do bytes=$((bytes + $(stat -c %s "$u"))); done
mib=$(( (bytes + MiB - 1) / MiB + 16 ))
sh "$here/build-esp.sh" -t "$img/root.tree/usr/lib/node/esp" -n NODEINSTALL -i 4e4f4455 \
	"$work/part.img" "$mib" "node-install.efi=$uki"
mmd -i "$work/part.img" ::/install
mcopy -i "$work/part.img" "$bundle" ::/install/node.bundle
mcopy -i "$work/part.img" "$img/provision.conf" ::/install/provision.conf
[ ! -f "$img/provision.conf.minisig" ] ||
	mcopy -i "$work/part.img" "$img/provision.conf.minisig" ::/install/provision.conf.minisig
for u in "$@"; do mcopy -i "$work/part.img" "$u" "::/$(basename "$u")"; done

# 1 MiB for the GPT and alignment, the partition, 1 MiB for the backup GPT
truncate -s $(((mib + 2) * MiB)) "$work/disk.img"
sfdisk -q --no-reread --no-tell-kernel "$work/disk.img" <<GPT
label: gpt
label-id: 6E6F6465-0055-4000-8000-000000000000
unit: sectors
first-lba: 2048
start=2048, size=$((mib * 2048)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=6E6F6465-0055-4000-8000-000000000001, name="node-install"
GPT
dd if="$work/part.img" of="$work/disk.img" bs=$MiB seek=1 conv=notrunc,sparse status=none
mv "$work/disk.img" "$out"
echo "build-usb: $out: $((mib + 2)) MiB; installer UKI $(stat -c %s "$uki") bytes, bundle $(stat -c %s "$bundle") bytes${names:+, updates:$names}"
