#!/bin/sh
# Make the update bundle of a built image: OUT/node-VERSION.bundle (format: update/FORMAT.md).
# Signed with the development key when the image trusts it; with site keys the bundle is left
# unsigned for the site's signing staff (nodebundle sign, or minisign + nodebundle attach-sig).
#   build-bundle.sh IMAGE_DIR BUILD_DIR MIN_VERSION
set -eu
img=$1 b=$2 min=$3
here=$(cd "$(dirname "$0")" && pwd)
version=$(cat "$img/version")
out="$img/node-$version.bundle"
"$b/nodebundle" create --root "$img/root.img" --verity "$img/root.img.verity" --uki "$img/uki.efi" \
	--version "$version" --min-version "$min" --product node -o "$out.tmp" >/dev/null
keys=$(sh "$here/update-keys.sh" "$b/keys" 2>/dev/null)
if [ "$keys" = "$b/keys/pub" ]; then
	"$b/nodebundle" sign -s "$b/keys/dev.key" "$out.tmp" >/dev/null
else
	echo "build-bundle: $out is unsigned: sign it with the site's key (see update/README.md)" >&2
fi
mv "$out.tmp" "$out"
