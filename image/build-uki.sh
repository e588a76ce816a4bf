#!/bin/sh
# Build a Unified Kernel Image: systemd-stub + kernel + initramfs + os-release + cmdline.
# Section addresses are computed from the stub's own sections (fixed offsets broke when stubs grew).
#   build-uki.sh OUT.efi VMLINUZ INITRD CMDLINE_FILE OSREL_FILE
set -eu
out=$1 kernel=$2 initrd=$3 cmdline=$4 osrel=$5
stub=/usr/lib/systemd/boot/efi/linuxx64.efi.stub
[ -f "$stub" ] || { echo "build-uki: $stub missing (package systemd-boot-efi)" >&2; exit 1; }

# End of the stub's image: max(VMA + size) over its sections (objdump's VMAs include ImageBase).
end=0
for sv in $(objdump -h -w "$stub" | awk '$1 ~ /^[0-9]+$/ { print $3 ":" $4 }'); do
	e=$((0x${sv#*:} + 0x${sv%%:*}))
	[ "$e" -le "$end" ] || end=$e
done
[ "$end" -gt 0 ] || { echo "build-uki: cannot read the section table of $stub" >&2; exit 1; }
align() { echo $(( ($1 + 4095) / 4096 * 4096 )); }
off=$(align "$end")
args=""
for s in ".osrel=$osrel" ".cmdline=$cmdline" ".linux=$kernel" ".initrd=$initrd"; do
	name=${s%%=*} file=${s#*=}
	args="$args --add-section $name=$file --change-section-vma $name=$(printf 0x%x "$off")"
	sz=$(stat -c %s "$file")
	# The kernel's decompressor wants room after .linux; one extra page of slack everywhere is cheap.
	off=$(align $((off + sz + 4096)))
done
# shellcheck disable=SC2086
objcopy $args --set-section-flags .linux=code,readonly,alloc,load "$stub" "$out.tmp"

# objcopy stamps the PE header with the current time (and a checksum over it); for reproducible
# bytes write SOURCE_DATE_EPOCH as the timestamp and zero the checksum, which PE allows ("not
# computed") and UEFI never checks (sbsign, when used, computes it afresh).
le32() { printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"; }
pe=$(od -An -tu4 -j 60 -N 4 "$out.tmp" | tr -d ' ')
[ "$(dd if="$out.tmp" bs=1 skip="$pe" count=4 status=none | od -An -c | tr -d ' ')" = 'PE\0\0' ] ||
	{ echo "build-uki: $out.tmp: no PE signature at offset $pe" >&2; exit 1; }
le32 "${SOURCE_DATE_EPOCH:?}" | dd of="$out.tmp" bs=1 seek=$((pe + 8)) conv=notrunc status=none
le32 0 | dd of="$out.tmp" bs=1 seek=$((pe + 88)) conv=notrunc status=none
mv "$out.tmp" "$out"
