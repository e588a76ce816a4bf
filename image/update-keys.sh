#!/bin/sh
# Print the directory of minisign public keys the image trusts for updates.
# A site puts its keys in overlays/site/etc/node/update-keys/*.pub (the secret keys stay with the
# site's signing staff, never in this tree). Without them, a development key pair is made once in
# $1 (build/keys) so that `make run` and the tests can sign bundles; the build says so loudly.
#   update-keys.sh KEYDIR
set -eu
keydir=$1
top=$(cd "$(dirname "$0")/.." && pwd)
site="$top/overlays/site/etc/node/update-keys"
if ls "$site"/*.pub >/dev/null 2>&1; then
	echo "$site"
	exit 0
fi
mkdir -p "$keydir/pub"
if [ ! -f "$keydir/dev.key" ]; then
	minisign -G -W -f -p "$keydir/pub/dev.pub" -s "$keydir/dev.key" >/dev/null ||
		{ echo "update-keys: minisign -G failed to make a development key in $keydir" >&2; exit 1; }
	chmod 600 "$keydir/dev.key"
fi
echo "update-keys: WARNING: no site keys in $site; the image trusts the development key $keydir/pub/dev.pub" >&2
echo "$keydir/pub"
