#!/bin/sh
# Bad-input corpus for nodeupdate install (make-bad-bundles.py): flipped bytes in every region,
# truncations at every boundary, wrong and unknown keys, downgrade, another product, oversized,
# duplicate, extra, missing and reordered members, path tricks, UKIs that do not fit the slot.
# Each must be refused with its exit code and a clear error, and the ESP and both slots must be
# byte-identical before and after. Runs in User-mode Linux (uml.sh). Root only.
#   sh tests/update/bad-bundles.sh BUILD_DIR
set -eu
b=$1
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "bad-bundles: run as root (loop devices, mounts)" >&2; exit 111; }
w=$(sh "$here/fixture.sh" "$b")
run=$(mktemp -d "$w/run.XXXXXX")
trap 'rm -rf "$run"' EXIT
n=$(python3 "$here/make-bad-bundles.py" "$w" "$(cd "$b" && pwd)" "$run/bad")
echo "bad-bundles: $n bad bundles"
cp --sparse=always "$w/mini-disk.img" "$run/disk.img"
cp "$w/mini-v2.bundle" "$run/good.bundle"
sh "$here/uml.sh" "$run" "$here/bad-inner.sh" "$(cd "$b" && pwd)" "$w" "$run"
