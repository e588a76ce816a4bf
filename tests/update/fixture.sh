#!/bin/sh
# Fixtures shared by the agent's host-side tests, made once in BUILD_DIR/tests/nodeupdate:
#   v2/             a second image build, version 2.0.0 (image/build-image.sh)
#   uki-b.efi       the v2 UKI as it goes into slot b: the build's UKI when it names no slot,
#                   else rebuilt with image/build-uki.sh for node.slot=b, PARTLABEL=root-b
#   keys/           test key pairs: trusted/test.pub (+ test.key), other.pub/other.key
#   v2.bundle       the signed v2 bundle (nodebundle create + sign)
#   bb/bin/busybox  BusyBox, static, from the image's packages
#   mini-1.0.0/, mini-2.0.0/, mini-disk.img, mini-v2.bundle
#                   the same, small: a root of a few MiB (etc, busybox and some modules of the
#                   image's tree) and UKIs that carry only the start of the kernel (never
#                   booted, only installed and checked), on a disk with the image's GPT labels
#                   and smaller partitions. User-mode Linux is slow at I/O, and the crash and
#                   bad-bundle tests run hundreds of installs and disk checksums.
# Prints the directory. Run from the repository root, as root.
#   fixture.sh BUILD_DIR
set -eu
b=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
w="$b/tests/nodeupdate"
mkdir -p "$w"
say() { echo "fixture: $*" >&2; }
# one fixture builder at a time (tests may run side by side); readers get files renamed into place
exec 9>"$w/.fixture.lock"
flock 9
for f in "$b/prod/disk.img" "$b/nodebundle" "$b/nodeupdate"; do
	[ -e "$f" ] || { say "$f is missing (make image build/nodebundle build/nodeupdate)"; exit 111; }
done
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(cat "$b/prod/source-date-epoch")}"

# A second build of the same tree as version 2.0.0: its own root hash, salt and UKI.
stale=0
[ -f "$w/v2/version" ] || stale=1
[ "$stale" = 1 ] || [ -z "$(find "$top/image" "$top/overlays" -newer "$w/v2/version" -type f | head -n 1)" ] || stale=1
if [ "$stale" = 1 ]; then
	say "building the v2 image (about a minute)"
	rm -rf "$w/v2.new"
	sh "$top/image/build-image.sh" "$w/v2.new" 2.0.0 0 "$b" > "$w/v2.log" 2>&1 ||
		{ tail -20 "$w/v2.log" >&2; say "v2 image build failed (log $w/v2.log)"; exit 111; }
	rm -rf "$w/v2" && mv "$w/v2.new" "$w/v2"
fi
uki=$(ls "$w/v2/uki.efi" "$w/v2/uki-a.efi" 2>/dev/null | head -n 1)
[ -n "$uki" ] || { say "no UKI in $w/v2"; exit 111; }
objcopy -O binary --only-section=.cmdline "$uki" "$w/v2-cmdline"
if grep -q 'node\.slot=' "$w/v2-cmdline"; then
	# image/build-image.sh made a UKI for slot a: the same, for slot b
	sed -e 's/node\.slot=a/node.slot=b/' -e 's/PARTLABEL=root-a/PARTLABEL=root-b/' \
		"$w/v2-cmdline" > "$w/cmdline-b"
	if [ ! -f "$w/uki-b.efi" ] || [ "$uki" -nt "$w/uki-b.efi" ]; then
		kver=$(ls "$b/kernel/lib/modules")
		sh "$top/image/build-uki.sh" "$w/uki-b.efi" "$b/kernel/boot/vmlinuz-$kver" \
			"$w/v2/initramfs.cpio" "$w/cmdline-b" "$w/v2/osrel"
	fi
elif ! cmp -s "$uki" "$w/uki-b.efi"; then
	cp "$uki" "$w/uki-b.efi"
fi

# BusyBox (static) from the image's packages: quick to start under UML, plain umount(2)
if [ ! -x "$w/bb/bin/busybox" ]; then
	dpkg-deb -x "$(ls "$b"/debs/busybox-static_*.deb | head -n 1)" "$w/bb"
fi

mkdir -p "$w/keys/trusted"
for k in test other; do
	[ -f "$w/keys/$k.key" ] && continue
	minisign -G -W -f -p "$w/keys/$k.pub" -s "$w/keys/$k.key" >/dev/null
done
cp "$w/keys/test.pub" "$w/keys/trusted/test.pub"

if [ ! -f "$w/v2.bundle" ] || [ "$w/uki-b.efi" -nt "$w/v2.bundle" ] ||
   [ "$w/keys/test.key" -nt "$w/v2.bundle" ]; then
	"$b/nodebundle" create --root "$w/v2/root.img" --verity "$w/v2/root.img.verity" \
		--uki "$w/uki-b.efi" --version 2.0.0 --min-version 1.0.0 --product node \
		-o "$w/v2.bundle.tmp" >"$w/nodebundle.log" 2>&1 &&
	"$b/nodebundle" sign -s "$w/keys/test.key" "$w/v2.bundle.tmp" >>"$w/nodebundle.log" 2>&1 ||
		{ cat "$w/nodebundle.log" >&2; say "making v2.bundle failed"; exit 111; }
	mv "$w/v2.bundle.tmp" "$w/v2.bundle"
fi
# mini_image VERSION CMDLINE_TEMPLATE_UKI: a small root image and its UKI in $w/mini-VERSION.
mini_image() {
	d="$w/mini-$1"
	[ -f "$d/uki.efi" ] && [ "$d/uki.efi" -nt "$2" ] && return 0
	rm -rf "$d" && mkdir -p "$d/tree/etc" "$d/tree/usr/bin" "$d/tree/usr/lib"
	src="$w/v2/root.tree"
	cp -a "$src/etc/." "$d/tree/etc/"
	cp -a "$src/usr/bin/busybox" "$d/tree/usr/bin/"
	mkdir -p "$d/tree/usr/lib/modules"
	cp -a "$src/usr/lib/modules/." "$d/tree/usr/lib/modules/"
	# about 4 MiB of incompressible modules, so the root takes a while to write
	find "$d/tree/usr/lib/modules" -name '*.ko*' | sort | tail -n +60 | xargs rm -f
	sed -i "s/^\(IMAGE_VERSION\|VERSION_ID\)=.*/\1=$1/; s/^PRETTY_NAME=.*/PRETTY_NAME=\"Node appliance $1\"/" \
		"$d/tree/etc/os-release"
	sh "$top/image/build-rootimg.sh" "$d/tree" "$d/root.img" >/dev/null
	. "$d/root.img.verity"
	objcopy -O binary --only-section=.cmdline "$2" "$d/cmdline.template"
	sed "s/node\.verity=[^ ]*/node.verity=$DATA_BLOCKS:$HASH_START:$ROOT_HASH:$SALT/" \
		"$d/cmdline.template" | tr -d '\n' > "$d/cmdline"
	kver=$(ls "$b/kernel/lib/modules")
	head -c 65536 "$b/kernel/boot/vmlinuz-$kver" > "$d/kernel.head"
	printf 'not an initramfs\n' > "$d/initrd"
	sh "$top/image/build-uki.sh" "$d/uki.efi" "$d/kernel.head" "$d/initrd" "$d/cmdline" \
		"$d/tree/etc/os-release"
}
prod_uki=$(ls "$b/prod/uki.efi" "$b/prod/uki-a.efi" 2>/dev/null | head -n 1)
mini_image 1.0.0 "$prod_uki"
mini_image 2.0.0 "$w/uki-b.efi"
if [ ! -f "$w/mini-disk.img" ] || [ "$w/mini-1.0.0/uki.efi" -nt "$w/mini-disk.img" ]; then
	# the image's GPT (image/build-disk.sh: labels, types), smaller partitions
	sh "$top/image/build-esp.sh" "$w/mini-esp.img" 40 "node-a.efi=$w/mini-1.0.0/uki.efi"
	rm -f "$w/mini-disk.img" && truncate -s 120M "$w/mini-disk.img"
	sfdisk -q --no-reread --no-tell-kernel "$w/mini-disk.img" <<GPT
label: gpt
unit: sectors
first-lba: 2048
start=2048, size=$((40 * 2048)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="esp"
size=$((32 * 2048)), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name="root-a"
size=$((32 * 2048)), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name="root-b"
size=$((8 * 2048)), type=4D21B016-B534-45C2-A9FB-5C16E091FD2D, name="data"
GPT
	dd if="$w/mini-esp.img" of="$w/mini-disk.img" bs=1M seek=1 conv=notrunc status=none
	dd if="$w/mini-1.0.0/root.img" of="$w/mini-disk.img" bs=1M seek=41 conv=notrunc status=none
	rm -f "$w/mini-esp.img"
fi
if [ ! -f "$w/mini-v2.bundle" ] || [ "$w/mini-2.0.0/uki.efi" -nt "$w/mini-v2.bundle" ] ||
   [ "$w/keys/test.key" -nt "$w/mini-v2.bundle" ]; then
	"$b/nodebundle" create --root "$w/mini-2.0.0/root.img" --verity "$w/mini-2.0.0/root.img.verity" \
		--uki "$w/mini-2.0.0/uki.efi" --version 2.0.0 --min-version 1.0.0 --product node \
		-o "$w/mini-v2.bundle.tmp" >"$w/nodebundle.log" 2>&1 &&
	"$b/nodebundle" sign -s "$w/keys/test.key" "$w/mini-v2.bundle.tmp" >>"$w/nodebundle.log" 2>&1 ||
		{ cat "$w/nodebundle.log" >&2; say "making mini-v2.bundle failed"; exit 111; }
	mv "$w/mini-v2.bundle.tmp" "$w/mini-v2.bundle"
fi
echo "$w"
