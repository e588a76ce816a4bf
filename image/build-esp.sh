#!/bin/sh
# Build an ESP as a FAT32 image file: the ESP template (systemd-boot as the removable-media
# loader, loader/loader.conf) and the UKIs given, in EFI/Linux. Reproducible: fixed volume id,
# --invariant, file times from SOURCE_DATE_EPOCH (mtools), entries made in sorted order.
#   build-esp.sh [-t TEMPLATE_DIR] [-n LABEL] [-i VOLUME_ID] OUT.img SIZE_MIB UKI_NAME=UKI_FILE...
# TEMPLATE_DIR is a built root's usr/lib/node/esp (build-root.sh), so the disk's ESP holds what
# `nodeupdate provision` copies onto a new node's; without -t the same two files come from their
# sources: Debian's systemd-boot and overlays/base/usr/lib/node/esp/loader/loader.conf.
# LABEL defaults to ESP, VOLUME_ID (8 hex digits) to 4e4f4445.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmpl="" label=ESP volid=4e4f4445
while getopts t:n:i: o; do
	case $o in
	t) tmpl=$OPTARG ;;
	n) label=$OPTARG ;;
	i) volid=$OPTARG ;;
	*) echo "usage: build-esp.sh [-t TEMPLATE_DIR] [-n LABEL] [-i VOLUME_ID] OUT.img SIZE_MIB UKI_NAME=UKI_FILE..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
out=$1 mib=$2
shift 2
: "${SOURCE_DATE_EPOCH:?}"
# FAT times are local time (mtools): the builder's time zone must not reach the bytes.
export TZ=UTC MTOOLS_SKIP_CHECK=1
work=""
trap 'rm -rf "$work"' EXIT
if [ -z "$tmpl" ]; then
	sdboot=/usr/lib/systemd/boot/efi/systemd-bootx64.efi
	[ -f "$sdboot" ] || { echo "build-esp: $sdboot missing (package systemd-boot-efi)" >&2; exit 1; }
	work=$(mktemp -d)
	tmpl=$work/esp
	mkdir -p "$tmpl/EFI/BOOT" "$tmpl/loader"
	cp "$sdboot" "$tmpl/EFI/BOOT/BOOTX64.EFI"
	cp "$here/../overlays/base/usr/lib/node/esp/loader/loader.conf" "$tmpl/loader/loader.conf"
fi
for f in EFI/BOOT/BOOTX64.EFI loader/loader.conf; do
	[ -f "$tmpl/$f" ] || { echo "build-esp: the ESP template $tmpl has no $f" >&2; exit 1; }
done
rm -f "$out"
# --invariant before -i: it sets a volume id of its own, which a later -i overrides.
mkfs.fat -F 32 -n "$label" --invariant -i "$volid" -C "$out" $((mib * 1024)) >/dev/null
(cd "$tmpl" && find . -mindepth 1 -type d | LC_ALL=C sort) | while read -r d; do
	mmd -i "$out" "::/${d#./}"
done
(cd "$tmpl" && find . -type f | LC_ALL=C sort) | while read -r f; do
	mcopy -i "$out" "$tmpl/${f#./}" "::/${f#./}"
done
[ -d "$tmpl/EFI/Linux" ] || mmd -i "$out" ::/EFI/Linux
for u in "$@"; do
	mcopy -i "$out" "${u#*=}" "::/EFI/Linux/${u%%=*}"
done
