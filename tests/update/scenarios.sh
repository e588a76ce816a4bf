#!/bin/sh
# The agent's commands through a whole update cycle on a copy of build/prod/disk.img with the
# real v2 bundle (scenarios-inner.sh): install, systemd-boot's trial rename, boot-ok, rollback,
# status, watch on writable and read-only inboxes. Runs in User-mode Linux (uml.sh). Root only.
#   sh tests/update/scenarios.sh BUILD_DIR
set -eu
b=$1
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "scenarios: run as root (loop devices, mounts)" >&2; exit 111; }
w=$(sh "$here/fixture.sh" "$b")
run=$(mktemp -d "$w/run.XXXXXX")
trap 'rm -rf "$run"' EXIT
# a signed 1.5.0: newer than the installed 1.0.0, older than the floor a blessed 2.0.0 leaves
"$b/nodebundle" create --root "$w/mini-2.0.0/root.img" --verity "$w/mini-2.0.0/root.img.verity" \
	--uki "$w/mini-2.0.0/uki.efi" --version 1.5.0 --min-version 1.0.0 --product node \
	-o "$run/1.5.0.bundle" >/dev/null 2>&1
"$b/nodebundle" sign -s "$w/keys/test.key" "$run/1.5.0.bundle" >/dev/null 2>&1
cp --sparse=always "$b/prod/disk.img" "$run/disk.img"
cp "$w/v2.bundle" "$run/v2.bundle"
cp "$w/mini-v2.bundle" "$run/mini-v2.bundle"
sh "$here/uml.sh" "$run" "$here/scenarios-inner.sh" "$(cd "$b" && pwd)" "$w" "$run"
