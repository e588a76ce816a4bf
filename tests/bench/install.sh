#!/bin/sh
# Install throughput benchmark (make bench): nodeupdate installing a bundle whose root payload is
# at least 256 MiB, against, in the same run and on the same loop partition (root-b of a copy of
# the image's GPT layout, inside User-mode Linux):
#   raw   dd of the same payload bytes with conv=fsync: the floor any installer stands on;
#   rauc  Debian's RAUC 1.8 installing a plain bundle of the same bytes into a raw slot.
# Rounds alternate the three, so drift hits them alike; medians and ratios are printed, with
# nodeupdate's and the RAUC service's peak RSS (GNU time's maximum resident set size).
#   sh tests/bench/install.sh BUILD_DIR [ROUNDS]
set -eu
b=$(cd "$1" && pwd) rounds=${2:-3}
top=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "bench install: run as root (loop devices, mounts)" >&2; exit 111; }
w=$(sh "$top/tests/update/fixture.sh" "$b")
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(cat "$b/prod/source-date-epoch")}"
d=$b/bench/install
mkdir -p "$d"
say() { echo "bench install: $*" >&2; }

# The root: the small test root plus 256 MiB that squashfs cannot compress, made once.
if [ ! -f "$d/root.img" ] || [ "$w/mini-2.0.0/uki.efi" -nt "$d/root.img" ]; then
	say "making a root image with a 256 MiB payload"
	rm -rf "$d/tree" && cp -a "$w/mini-2.0.0/tree" "$d/tree"
	mkdir -p "$d/tree/usr/share/bench"
	head -c $((256 << 20)) /dev/urandom > "$d/tree/usr/share/bench/payload"
	sh "$top/image/build-rootimg.sh" "$d/tree" "$d/root.img" >/dev/null
	rm -rf "$d/tree"
	. "$d/root.img.verity"
	sed "s/node\.verity=[^ ]*/node.verity=$DATA_BLOCKS:$HASH_START:$ROOT_HASH:$SALT/" \
		"$w/mini-2.0.0/cmdline" | tr -d '\n' > "$d/cmdline"
	sh "$top/image/build-uki.sh" "$d/uki.efi" "$w/mini-2.0.0/kernel.head" "$w/mini-2.0.0/initrd" \
		"$d/cmdline" "$w/mini-2.0.0/tree/etc/os-release"
	"$b/nodebundle" create --root "$d/root.img" --verity "$d/root.img.verity" --uki "$d/uki.efi" \
		--version 2.0.0 --min-version 1.0.0 --product node -o "$d/node.bundle" >/dev/null
	"$b/nodebundle" sign -s "$w/keys/test.key" "$d/node.bundle" >/dev/null
	rm -f "$d/rauc.raucb"
fi
# RAUC: a plain bundle of the same bytes, signed by a throw-away CA it is told to trust.
if [ ! -f "$d/rauc.raucb" ]; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/rauc.key" -out "$d/rauc.cert" \
		-subj /CN=node-bench -days 3650 2>/dev/null
	rm -rf "$d/rauc.in" && mkdir "$d/rauc.in"
	ln "$d/root.img" "$d/rauc.in/rootfs.img"   # squashfs + verity tree: what goes into the slot
	printf '[update]\ncompatible=node-bench\nversion=2.0.0\n\n[bundle]\nformat=plain\n\n[image.rootfs]\nfilename=rootfs.img\n' \
		> "$d/rauc.in/manifest.raucm"
	rauc bundle --cert "$d/rauc.cert" --key "$d/rauc.key" "$d/rauc.in" "$d/rauc.raucb" >/dev/null
	rm -rf "$d/rauc.in"
fi
# The disk: the image's partition labels; slots big enough for the payload.
if [ ! -f "$d/disk.img" ] || [ "$w/mini-1.0.0/uki.efi" -nt "$d/disk.img" ]; then
	sh "$top/image/build-esp.sh" "$d/esp.img" 40 "node-a.efi=$w/mini-1.0.0/uki.efi"
	rm -f "$d/disk.img" && truncate -s 720M "$d/disk.img"
	sfdisk -q --no-reread --no-tell-kernel "$d/disk.img" <<GPT
label: gpt
unit: sectors
first-lba: 2048
start=2048, size=$((40 * 2048)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="esp"
size=$((320 * 2048)), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name="root-a"
size=$((320 * 2048)), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name="root-b"
size=$((8 * 2048)), type=4D21B016-B534-45C2-A9FB-5C16E091FD2D, name="data"
GPT
	dd if="$d/esp.img" of="$d/disk.img" bs=1M seek=1 conv=notrunc status=none
	dd if="$w/mini-1.0.0/root.img" of="$d/disk.img" bs=1M seek=41 conv=notrunc status=none
	rm -f "$d/esp.img"
fi
run=$(mktemp -d "$d/run.XXXXXX")
trap 'rm -rf "$run"' EXIT
{
	echo "== inside User-mode Linux, the same loop partition for all three"
	NUMEM=2048M sh "$top/tests/update/uml.sh" "$run" "$top/tests/bench/install-inner.sh" "$b" "$w" "$d" "$rounds"
	echo "== RAUC where system calls are cheap"
	sh "$top/tests/bench/rauc-host.sh" "$d" "$rounds"
} | tee "$d/result.txt"
# nodeupdate cannot run on this host's kernel (no partitions on loop devices), so its cost
# against RAUC's is also given normalised: each to dd + fsync in its own environment.
awk '/nodeupdate \/ raw =/ { nu = $7 + 0 } /rauc \/ raw =/ { ra = $NF + 0 }
	END { if (nu && ra) printf "normalised: (nodeupdate / dd in UML) / (rauc / dd on the host) = %.2f\n", nu / ra }' \
	"$d/result.txt" | tee -a "$d/result.txt"
