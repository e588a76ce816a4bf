#!/bin/sh
# The installer's provision.conf (format: update/README.md, `nodeupdate provision`) and its
# signature, for `make usb` and `make pxe`: IMAGE_DIR/provision.conf and provision.conf.minisig.
#   build-provision.sh IMAGE_DIR BUILD_DIR [SITE_PROVISION_CONF]
# A site gives its own file (PROVISION_CONF=...); a signature beside it (FILE.minisig, made by the
# site's signing staff with `minisign -S -s KEY -m provision.conf` on a copy named provision.conf)
# is taken along. Without a file the development config is made from the development node key
# (BUILD_DIR/keys/node.key, site-dev.sh), and the build says so loudly. An unsigned config is
# signed with the development key when the image trusts it (as build-bundle.sh signs bundles);
# otherwise it is left unsigned, and the build says so. Any signature must verify with a key the
# image trusts and name file:provision.conf, or the build fails.
# provision.conf holds the node's secret key: it is written mode 0600.
set -eu
img=$1 b=$2 site=${3:-}
out=""
# a refused config or signature is not left where build-usb.sh and build-pxe.sh would take it
fail() { echo "build-provision: $*" >&2; [ -z "$out" ] || rm -f "$out" "$out.minisig" "$out.tmp"; exit 1; }
: "${SOURCE_DATE_EPOCH:?}"
trusted=$img/root.tree/etc/node/update-keys
ls "$trusted"/*.pub >/dev/null 2>&1 || fail "no update keys in $trusted (build the image first)"
out=$img/provision.conf
rm -f "$out" "$out.minisig" "$out.tmp"
sig=""
if [ -n "$site" ]; then
	[ -f "$site" ] || fail "PROVISION_CONF=$site: no such file"
	[ "$(stat -c %s "$site")" -le 4096 ] || fail "$site is larger than 4096 bytes"
	! grep -q "$(printf '\r')" "$site" || fail "$site has CR line ends; provision.conf wants LF"
	(umask 077 && cp "$site" "$out.tmp")
	[ ! -f "$site.minisig" ] || sig=$site.minisig
else
	[ -z "${NODE_SITE_KEYS:-}" ] ||
		fail "NODE_SITE_KEYS is set but PROVISION_CONF is not: a site's nodes need the site's provision.conf (its node key)"
	key=$(cat "$b/keys/node.key" 2>/dev/null) || fail "no development node key $b/keys/node.key (make image makes it)"
	echo "$key" | grep -Eqx 'node-key [0-9a-f]{64}' || fail "$b/keys/node.key is not \"node-key <64 hex digits>\""
	(umask 077 && printf '%s\n' \
		"# The DEVELOPMENT provisioning config (image/build-provision.sh): the development node key" \
		"# (build/keys/node.key), never for a real site. A site gives PROVISION_CONF=FILE." \
		"disk first-non-removable" "wipe no" "hostname node-dev" "$key" > "$out.tmp")
	echo "build-provision: WARNING: no PROVISION_CONF; $out is the development config (hostname node-dev, the development node key $b/keys/node.key)" >&2
fi
chmod 0600 "$out.tmp"
mv "$out.tmp" "$out"

if [ -n "$sig" ]; then
	cp "$sig" "$out.minisig"
elif [ -f "$b/keys/pub/dev.pub" ] && cmp -s "$b/keys/pub/dev.pub" "$trusted/dev.pub"; then
	"$b/nodebundle" sign-file -s "$b/keys/dev.key" "$out" >/dev/null
else
	echo "build-provision: $out is unsigned: the installer refuses it until the site signs it (minisign -S -s KEY -m provision.conf) and the signature is put beside it as provision.conf.minisig" >&2
fi
if [ -f "$out.minisig" ]; then
	chmod 0644 "$out.minisig"
	ok=0
	for k in "$trusted"/*.pub; do
		if minisign -V -q -p "$k" -m "$out" -x "$out.minisig" >/dev/null 2>&1; then ok=1; break; fi
	done
	[ "$ok" = 1 ] || fail "$out.minisig does not verify with any key the image trusts ($trusted)"
	sed -n 3p "$out.minisig" | tr '\t' ' ' | grep -Eq '^trusted comment: (.* )?file:provision\.conf( |$)' ||
		fail "$out.minisig signs another file name (its trusted comment lacks file:provision.conf): sign a copy named provision.conf"
fi
