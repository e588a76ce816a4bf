#!/bin/sh
# The development site's staging material, made once in KEYDIR (build/keys) for `make run` and the
# tests, never for a real site (the build says so loudly):
#   KEYDIR/node.key, node.pub      the node key pair (the secret half goes onto the dev disk's /var)
#   KEYDIR/seal.key                the staging key that makes sealing repeatable (nodeseal)
#   KEYDIR/site-ca/ca.{key,crt}    the site registry's CA (its key signs the test registry's cert)
#   KEYDIR/site-secrets/           plaintext secrets to seal: registry-credentials ("user:password")
#   KEYDIR/diode.key               the data diode's key (sealed for sites with a diode interface)
# A real site keeps these on its staging machine and names them with NODE_SITE_KEYS (see
# overlays/site/README.md).
#   site-dev.sh KEYDIR NODESEAL DIODE_SEND
set -eu
k=$1 nodeseal=$2 diode_send=$3
mkdir -p "$k"
if [ ! -f "$k/node.key" ]; then
	"$nodeseal" keygen "$k/node.key" "$k/node.pub" >/dev/null
fi
[ -f "$k/seal.key" ] || "$nodeseal" sealkey "$k/seal.key"
if [ ! -f "$k/site-ca/ca.crt" ]; then
	mkdir -p "$k/site-ca"
	(umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
		-subj "/CN=development site CA" -keyout "$k/site-ca/ca.key.tmp" -out "$k/site-ca/ca.crt.tmp" \
		-addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign \
		2>/dev/null) || { echo "site-dev: openssl could not make the development CA in $k/site-ca" >&2; exit 1; }
	mv "$k/site-ca/ca.key.tmp" "$k/site-ca/ca.key"
	mv "$k/site-ca/ca.crt.tmp" "$k/site-ca/ca.crt"
fi
if [ ! -f "$k/site-secrets/registry-credentials" ]; then
	mkdir -p "$k/site-secrets"
	chmod 700 "$k/site-secrets"
	pw=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
	(umask 077 && printf 'node:%s\n' "$pw" > "$k/site-secrets/registry-credentials.tmp")
	mv "$k/site-secrets/registry-credentials.tmp" "$k/site-secrets/registry-credentials"
fi
[ -f "$k/diode.key" ] || "$diode_send" keygen "$k/diode.key" >/dev/null
