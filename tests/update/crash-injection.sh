#!/bin/sh
# Crash injection for nodeupdate install: TRIALS installs of a signed v2 bundle into slot b of a
# copy of the disk image, each killed with SIGKILL at a seeded random moment; after every kill
# each EFI/Linux/node-*.efi must point at a slot that passes veritysetup verify with the root
# hash in that UKI's .cmdline, and slot a's entry must be there, alone and unchanged. Runs in
# User-mode Linux (uml.sh) for loop partitions and vfat. Root only.
#   sh tests/update/crash-injection.sh BUILD_DIR [TRIALS [SEED]]   (defaults 200, time-based)
set -eu
b=$1 n=${2:-${CRASH_TRIALS:-200}} seed=${3:-${CRASH_SEED:-$(date +%s)}}
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "crash-injection: run as root (loop devices, mounts)" >&2; exit 111; }
w=$(sh "$here/fixture.sh" "$b")
echo "crash-injection: $n trials, seed $seed (repeat with: sh $0 $b $n $seed)"
run=$(mktemp -d "$w/run.XXXXXX")
trap 'rm -rf "$run"' EXIT
cp --sparse=always "$w/mini-disk.img" "$run/disk.img"
cp "$w/mini-v2.bundle" "$run/v2.bundle"
sh "$here/uml.sh" "$run" "$here/crash-inner.sh" "$(cd "$b" && pwd)" "$w" "$run" "$n" "$seed"
