#!/bin/sh
# Unpack Debian's kernel package into $2 (a cache) and run depmod on it. Prints the kernel release.
#   kernel.sh DEBS_DIR OUT
set -eu
debs=$1 out=$2
pkg=$(cat "$debs/kernel.pkg")
if [ ! -f "$out/.done" ]; then
	rm -rf "$out" && mkdir -p "$out"
	dpkg-deb -x "$debs/${pkg}_"*.deb "$out"
	kver=$(ls "$out/lib/modules")
	depmod -b "$out" "$kver"
	touch "$out/.done"
fi
ls "$out/lib/modules"
