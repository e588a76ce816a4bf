#!/bin/sh
# Fail if a dynamically linked program or library in the tree needs a library the tree lacks.
#   check-libs.sh ROOT
set -eu
root=$1
libdirs="usr/lib/x86_64-linux-gnu usr/lib lib/x86_64-linux-gnu"
bad=0
for f in $(find "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib/x86_64-linux-gnu" -type f 2>/dev/null); do
	head -c 4 "$f" | grep -q 'ELF' || continue
	for lib in $(readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		found=0
		for d in $libdirs; do [ -e "$root/$d/$lib" ] && { found=1; break; }; done
		[ $found = 1 ] || { echo "check-libs: ${f#$root} needs $lib, which the image does not contain" >&2; bad=1; }
	done
done
exit $bad
