#!/bin/sh
# Build the stage-1 initramfs: our init as /init plus the modules it needs to reach the root.
# Reproducible: fixed owners and mtimes, sorted entries, newc format, no compression (the UKI is
# read whole by the firmware either way, and unpacking plain cpio is the fastest under emulation).
#   build-initramfs.sh OUT.cpio KERNEL_TREE INIT_BIN
set -eu
out=$1 ktree=$2 initbin=$3
here=$(cd "$(dirname "$0")" && pwd)
kver=$(ls "$ktree/lib/modules")
tree="$out.tree"
rm -rf "$tree" && mkdir -p "$tree"
for d in dev proc sys newroot etc; do mkdir -p "$tree/$d"; done
install -m 0755 "$initbin" "$tree/init"
grep -v '^#' "$here/modules-stage1.list" > "$tree/etc/modules-stage1"
sh "$here/kmods.sh" "$ktree" "$kver" "$here/modules-stage1.list" "$tree"
find "$tree" -exec touch -h -d "@${SOURCE_DATE_EPOCH:?}" {} +
(cd "$tree" && find . -print | LC_ALL=C sort | cpio -o -H newc --reproducible -R 0:0 --quiet) > "$out"
rm -rf "$tree"
