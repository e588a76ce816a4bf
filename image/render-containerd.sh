#!/bin/sh
# containerd's registry configuration from the site's values (DESIGN.md "Registry trust and
# secrets"): every registry name a workload may use resolves to the site registry, trusted
# through the site CA in the image, and nothing falls back to a public host. For each name a
# hosts.toml sets `server` and its one [host] to the site registry: containerd then never adds
# the name's public default (registry-1.docker.io for docker.io), and `_default` catches every
# other name.
# The registry's address must lie in a site network: the firewall would drop anything else.
#   render-containerd.sh SITE_CONF CA_CERT ROOT_TREE
set -eu
conf=$1 ca=$2 root=$3
names="docker.io ghcr.io quay.io registry.k8s.io _default"
reg=$(awk -v conf="$conf" '
function fail(msg) { printf "render-containerd: %s line %d: %s\n", conf, NR, msg > "/dev/stderr"; bad = 1; exit 1 }
function ip4(a,   o, n, i, v) {
	n = split(a, o, ".")
	if (n != 4) return -1
	v = 0
	for (i = 1; i <= 4; i++) { if (o[i] !~ /^[0-9]+$/ || o[i] + 0 > 255) return -1; v = v * 256 + o[i] }
	return v
}
{ sub(/#.*/, "") }
$1 == "site-net" && $2 ~ /^[0-9.]+\/[0-9]+$/ { split($2, p, "/"); nets[++nn] = ip4(p[1]); lens[nn] = p[2] + 0 }
$1 == "registry" {
	if (NF != 2) fail("registry takes one HOST:PORT")
	if (reg != "") fail("a second registry line: the site has one registry")
	n = split($2, hp, ":")
	if (n != 2 || hp[2] !~ /^[0-9]+$/ || hp[2] + 0 < 1 || hp[2] + 0 > 65535) fail("registry wants HOST:PORT (IPv4 address or name), not " $2)
	if (hp[1] !~ /^[A-Za-z0-9.-]+$/) fail("registry host is not an IPv4 address or a DNS name: " hp[1])
	reg = $2; host = hp[1]; line = NR
}
END {
	if (bad) exit 1
	if (reg == "") exit 0
	a = ip4(host)
	if (a >= 0) {
		for (i = 1; i <= nn; i++) { b = 2 ^ (32 - lens[i]); if (int(a / b) == int(nets[i] / b)) ok = 1 }
		if (!ok) { printf "render-containerd: %s line %d: registry %s is outside every site-net: the firewall would drop it\n", conf, line, host > "/dev/stderr"; exit 1 }
	}
	print reg
}' "$conf")
if [ -z "$reg" ]; then
	echo "render-containerd: $conf has no registry line: containerd gets no registry (every pull fails)" >&2
	exit 0
fi
[ -s "$ca" ] || { echo "render-containerd: no site registry CA at $ca" >&2; exit 1; }
openssl x509 -in "$ca" -noout 2>/dev/null || { echo "render-containerd: $ca is not a PEM certificate" >&2; exit 1; }
install -m 0644 "$ca" "$root/etc/node/registry-ca.crt"
for n in $names; do
	mkdir -p "$root/etc/containerd/certs.d/$n"
	# containerd 1.6 refuses a hosts.toml without a [host] table ("invalid `host` tree") and then
	# falls back to the name's public default: the one host entry is the site registry too.
	{
		echo "# Rendered from etc/node/site.conf by image/render-containerd.sh: $n is served by the"
		echo "# site registry, and only by it (server replaces the public default)."
		echo "server = \"https://$reg\""
		echo "ca = \"/etc/node/registry-ca.crt\""
		echo
		echo "[host.\"https://$reg\"]"
		echo "  capabilities = [\"pull\", \"resolve\"]"
		echo "  ca = \"/etc/node/registry-ca.crt\""
	} > "$root/etc/containerd/certs.d/$n/hosts.toml"
done
echo "$reg"
