#!/bin/sh
# Boot a node disk image under QEMU with OVMF (UEFI). The disk image is used in place; the UEFI
# variable store is a private copy next to it. User networking only, restrict=on: the guest reaches
# nothing outside QEMU. Serial console on stdio (Ctrl-A X quits).
#   run.sh DISK.img [extra qemu args...]
set -eu
disk=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
vars="${disk%.img}.vars.fd"
[ -f "$vars" ] || cp /usr/share/OVMF/OVMF_VARS_4M.fd "$vars"
exec qemu-system-x86_64 $(sh "$here/accel.sh") -machine q35 -m 1024 -smp 2 \
	-nographic -serial mon:stdio \
	-drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
	-drive if=pflash,format=raw,unit=1,file="$vars" \
	-drive file="$disk",format=raw,if=virtio \
	-netdev user,id=n0,restrict=on -device virtio-net-pci,netdev=n0 \
	"$@"
