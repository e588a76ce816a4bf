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
mv "$out.tmp" "$out"
