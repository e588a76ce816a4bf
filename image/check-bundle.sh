#!/bin/sh
# Before a bundle goes onto installation media (build-usb.sh, build-pxe.sh): a signed bundle must
# verify, whole, with the keys the image trusts (what the installer will check); an unsigned one
# (a site build: build-bundle.sh leaves it for the site's signing staff) is said loudly.
#   check-bundle.sh BUNDLE IMAGE_DIR BUILD_DIR WHAT
set -eu
bundle=$1 img=$2 b=$3 what=$4
keys=""
for k in "$img/root.tree/etc/node/update-keys"/*.pub; do
	[ -f "$k" ] && keys="$keys -p $k"
done
[ -n "$keys" ] || { echo "check-bundle: no update keys in $img/root.tree/etc/node/update-keys" >&2; exit 1; }
if [ "$(tar tf "$bundle" 2>/dev/null | sed -n 2p)" != manifest.minisig ]; then
	echo "check-bundle: WARNING: $what, $bundle, is unsigned: the installer refuses it until the site signs it (update/README.md)" >&2
	exit 0
fi
err=$(mktemp)
trap 'rm -f "$err"' EXIT
# shellcheck disable=SC2086
"$b/nodebundle" verify $keys --product node "$bundle" >/dev/null 2>"$err" || {
	echo "check-bundle: $what, $bundle, does not verify with the keys the image trusts: $(tail -1 "$err")" >&2
	exit 1
}
