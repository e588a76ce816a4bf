#!/bin/sh
# Build the ESP as a FAT32 image file: systemd-boot as the removable-media loader, loader.conf,
# and the UKIs given. Reproducible: fixed volume id, --invariant, fixed file times.
#   build-esp.sh OUT.img SIZE_MIB UKI_NAME=UKI_FILE...
set -eu
out=$1 mib=$2
shift 2
: "${SOURCE_DATE_EPOCH:?}"
sdboot=/usr/lib/systemd/boot/efi/systemd-bootx64.efi
[ -f "$sdboot" ] || { echo "build-esp: $sdboot missing (package systemd-boot-efi)" >&2; exit 1; }
rm -f "$out"
mkfs.fat -F 32 -n ESP -i 4e4f4445 --invariant -C "$out" $((mib * 1024)) >/dev/null
conf=$(mktemp)
trap 'rm -f "$conf"' EXIT
# timeout 0: no menu; editor no: nobody edits the (verity-carrying) cmdline at the console;
# no auto entries, so only our UKIs can boot.
printf 'timeout 0\neditor no\nauto-entries no\nauto-firmware no\nconsole-mode keep\n' > "$conf"
export MTOOLS_SKIP_CHECK=1
mmd -i "$out" ::/EFI ::/EFI/BOOT ::/EFI/Linux ::/loader
mcopy -i "$out" "$sdboot" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$out" "$conf" ::/loader/loader.conf
for u in "$@"; do
	mcopy -i "$out" "${u#*=}" "::/EFI/Linux/${u%%=*}"
done
