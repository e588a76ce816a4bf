#!/bin/sh
# Copy the named kernel modules and everything they depend on from a kernel tree into a target tree,
# then write a modules.dep for just that set.
#   kmods.sh KERNEL_TREE KVER LIST TARGET_TREE
# KERNEL_TREE holds lib/modules/KVER with a modules.dep (run depmod on it first).
set -eu
ktree=$1 kver=$2 list=$3 target=$4
src="$ktree/lib/modules/$kver"
dep="$src/modules.dep"
[ -f "$dep" ] || { echo "kmods: $dep missing (depmod not run on the kernel tree)" >&2; exit 1; }
mkdir -p "$target/lib/modules/$kver"
need=$(mktemp)
trap 'rm -f "$need"' EXIT
for m in $(grep -v '^#' "$list"); do
	pat=$(echo "$m" | sed 's/[-_]/[-_]/g')
	line=$(grep -E "/${pat}\.ko:" "$dep" || true)
	[ -n "$line" ] || {
		grep -qE "/${pat}\.ko\$" "$src/modules.builtin" && continue   # built into the kernel
		echo "kmods: module $m (from $list) is not in $dep nor built in" >&2; exit 1; }
	echo "$line" | tr -d ':' | tr ' ' '\n' >> "$need"
done
sort -u "$need" | while read -r f; do
	[ -n "$f" ] || continue
	mkdir -p "$target/lib/modules/$kver/$(dirname "$f")"
	cp "$src/$f" "$target/lib/modules/$kver/$f"
done
cp "$src/modules.builtin" "$src/modules.builtin.modinfo" "$src/modules.order" "$target/lib/modules/$kver/"
depmod -b "$target" "$kver"
# depmod's binary indexes are not needed by our loader; modules.dep is what init reads.
rm -f "$target/lib/modules/$kver/"*.bin
