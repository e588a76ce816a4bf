#!/bin/sh
# Seal the site's secrets into the root tree, for the node key (init/seal_format.h, nodeseal):
#   etc/node/secrets/containerd.toml.sealed   etc/containerd/config.toml with the site registry's
#                                             credentials appended: containerd's only config
#   etc/node/secrets/NAME.sealed              every other file of SITE_KEYS/site-secrets, as it is
#   etc/node/secrets/diode.key.sealed         SITE_KEYS/diode.key, when site.conf has a diode-iface
# The plaintext never enters the tree; init opens them into /run/secrets at boot.
#   seal-secrets.sh ROOT_TREE SITE_KEYS NODESEAL REGISTRY
# SITE_KEYS holds node.pub (whose secret half the nodes hold), seal.key and site-secrets/.
# REGISTRY is the site registry's HOST:PORT (render-containerd.sh), or empty when there is none.
set -eu
root=$1 sk=$2 nodeseal=$3 reg=$4
fail() { echo "seal-secrets: $*" >&2; exit 1; }
[ -f "$sk/node.pub" ] || fail "no node public key $sk/node.pub to seal for"
[ -f "$sk/seal.key" ] || fail "no seal key $sk/seal.key (nodeseal sealkey makes one)"
out="$root/etc/node/secrets"
mkdir -p "$out"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
chmod 700 "$t"

cp "$root/etc/containerd/config.toml" "$t/containerd.toml"
creds="$sk/site-secrets/registry-credentials"
if [ -f "$creds" ]; then
	[ -n "$reg" ] || fail "$creds is there, but site.conf names no registry to use it with"
	[ "$(wc -l < "$creds")" -le 1 ] || fail "$creds: want one line USER:PASSWORD"
	line=$(cat "$creds")
	user=${line%%:*} pass=${line#*:}
	case $line in *:*) ;; *) fail "$creds: want one line USER:PASSWORD (no ':' found)";; esac
	printf '%s' "$user" | grep -Eq '^[A-Za-z0-9._@-]+$' || fail "$creds: the user name may hold only A-Z a-z 0-9 . _ @ -"
	[ -n "$pass" ] || fail "$creds: the password is empty"
	# TOML basic string: control characters are refused, backslash and quote escaped
	if printf '%s' "$pass" | LC_ALL=C grep -q '[[:cntrl:]]'; then fail "$creds: the password holds a control character"; fi
	esc=$(printf '%s' "$pass" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')
	# printf, not echo: dash's echo would act on the backslashes in the password
	printf '\n# %s\n[plugins."io.containerd.grpc.v1.cri".registry.configs."%s".auth]\n  username = "%s"\n  password = "%s"\n' \
		"The site registry's credentials, appended by image/seal-secrets.sh (sealed)." \
		"$reg" "$user" "$esc" >> "$t/containerd.toml"
fi
rm -f "$out/containerd.toml.sealed"
"$nodeseal" seal "$sk/node.pub" "$sk/seal.key" containerd.toml 0600 "$t/containerd.toml" "$out/containerd.toml.sealed"
n=1
if [ -d "$sk/site-secrets" ]; then
	for f in "$sk/site-secrets"/*; do
		[ -f "$f" ] || continue
		name=$(basename "$f")
		[ "$name" != registry-credentials ] || continue
		rm -f "$out/$name.sealed"
		"$nodeseal" seal "$sk/node.pub" "$sk/seal.key" "$name" 0600 "$f" "$out/$name.sealed"
		n=$((n + 1))
	done
fi
# The data diode's key (update/diode: diode-recv checks every packet's tag with it), only for a
# node whose site has a diode interface: SITE_KEYS/diode.key, made by `diode-send keygen`.
if grep -Eq '^[[:space:]]*diode-iface[[:space:]]' "$root/etc/node/site.conf"; then
	[ -f "$sk/diode.key" ] || fail "site.conf names a diode-iface, but there is no diode key $sk/diode.key (diode-send keygen makes one)"
	rm -f "$out/diode.key.sealed"
	"$nodeseal" seal "$sk/node.pub" "$sk/seal.key" diode.key 0600 "$sk/diode.key" "$out/diode.key.sealed"
	n=$((n + 1))
fi
chmod 0644 "$out"/*.sealed
echo "seal-secrets: $n sealed for node key $("$nodeseal" keyid "$sk/node.pub")" >&2
