#!/bin/sh
# Pack the root tree as squashfs and append its dm-verity hash tree (same file, superblock kept).
# Writes OUT (the slot payload) and OUT.verity (shell assignments the UKI cmdline is made from).
# Reproducible: squashfs with fixed times and owners; the verity salt and uuid are derived from the
# squashfs bytes, so the same tree gives the same image and a different tree a different salt.
#   build-rootimg.sh ROOT_TREE OUT
set -eu
tree=$1 out=$2
: "${SOURCE_DATE_EPOCH:?}"
find "$tree" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
rm -f "$out"
# mksquashfs takes its times from SOURCE_DATE_EPOCH (and refuses it together with -mkfs-time).
mksquashfs "$tree" "$out" -comp zstd -b 131072 -noappend -all-root -no-xattrs -quiet -no-progress \
	-processors "$(nproc)" >/dev/null
size=$(stat -c %s "$out")
# squashfs pads to 4 KiB; verity needs whole 4 KiB data blocks.
[ $((size % 4096)) -eq 0 ] || { echo "build-rootimg: $out is $size bytes, not a multiple of 4096" >&2; exit 1; }
blocks=$((size / 4096))
digest=$(sha256sum "$out" | cut -c1-64)
salt=$digest
uuid=$(echo "$digest" | sed -E 's/^(.{8})(.{4}).(.{3}).(.{3})(.{12}).*/\1-\2-4\3-a\4-\5/')
veritysetup format "$out" "$out" --hash-offset="$size" --data-blocks="$blocks" \
	--salt="$salt" --uuid="$uuid" > "$out.format"
root=$(awk '/^Root hash:/ {print $3}' "$out.format")
[ ${#root} -eq 64 ] || { echo "build-rootimg: no root hash in veritysetup output:" >&2; cat "$out.format" >&2; exit 1; }
rm -f "$out.format"
cat > "$out.verity" <<V
DATA_BLOCKS=$blocks
HASH_START=$((blocks + 1))
ROOT_HASH=$root
SALT=$salt
V
