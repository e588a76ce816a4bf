#!/bin/sh
# Download the Debian packages the image is made of into $1 (a cache: a package already there is
# not fetched again). apt-get checks each .deb against the signed archive index, so nothing
# unauthenticated gets in. Prints nothing on success but the package list it settled on.
set -eu
out=$1
here=$(dirname "$0")
mkdir -p "$out"

roots=$(grep -v '^#' "$here/packages.list" | tr '\n' ' ')
kernel=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
[ -n "$kernel" ] || { echo "fetch-debs: cannot resolve linux-image-amd64 to a kernel package" >&2; exit 1; }

# The closure over Depends/PreDepends only: recommends and suggests stay out of an appliance.
# shellcheck disable=SC2086
pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
	--no-replaces --no-enhances $roots | grep -v '^[ <]' | sort -u)
echo "$pkgs" | tr '\n' ' ' > "$out/root.pkgs"
echo "$kernel" > "$out/kernel.pkg"

cd "$out"
for p in $pkgs $kernel; do
	v=$(apt-cache policy "$p" | awk '/Candidate:/ {print $2}')
	vf=$(echo "$v" | sed 's/:/%3a/')
	ls "${p}_${vf}_"*.deb >/dev/null 2>&1 && continue
	apt-get download -q "$p" >/dev/null 2>download.err || {
		echo "fetch-debs: apt-get download $p failed: $(cat download.err)" >&2; exit 1; }
done
rm -f download.err
