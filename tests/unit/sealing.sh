#!/bin/sh
# The staging side of sealed secrets: nodeseal's key files and sealing, image/seal-secrets.sh's
# handling of the registry credentials, image/render-containerd.sh's checks of site.conf.
#   sealing.sh TOP NODESEAL
top=$1 ns=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
no() { failed=$((failed + 1)); echo "not ok - $1: $2"; }
t() { if eval "$2" >"$T/out" 2>&1; then ok "$1"; else no "$1" "$(tr '\n' ' ' < "$T/out" | cut -c1-200)"; fi; }

"$ns" keygen "$T/n.key" "$T/n.pub" >/dev/null && "$ns" keygen "$T/m.key" "$T/m.pub" >/dev/null &&
	"$ns" sealkey "$T/s.key" || { echo "not ok - nodeseal makes keys"; exit 1; }
t "the secret key file is mode 0600" '[ "$(stat -c %a "$T/n.key")" = 600 ]'
t "keygen never overwrites a key" '"$ns" keygen "$T/n.key" "$T/y.pub" 2>&1 | grep -q "write $T/n.key: File exists" && [ "$("$ns" keyid "$T/n.key")" = "$("$ns" keyid "$T/n.pub")" ]'
t "keyid is the same from the secret and the public half" '[ "$("$ns" keyid "$T/n.key")" = "$("$ns" keyid "$T/n.pub")" ]'
printf 'user:pa55-W0rd-sentinel\n' > "$T/plain"
"$ns" seal "$T/n.pub" "$T/s.key" cred 0600 "$T/plain" "$T/a.sealed" &&
	"$ns" seal "$T/n.pub" "$T/s.key" cred 0600 "$T/plain" "$T/b.sealed" || no "seal" "nodeseal seal failed"
t "sealing is repeatable (same inputs, same bytes)" 'cmp "$T/a.sealed" "$T/b.sealed"'
t "the plaintext is not in the sealed file" '! grep -q "pa55-W0rd-sentinel" "$T/a.sealed"'
t "the node key opens it" '[ "$("$ns" open "$T/n.key" "$T/a.sealed")" = "user:pa55-W0rd-sentinel" ]'
t "another key does not, and says so" '! "$ns" open "$T/m.key" "$T/a.sealed" 2>&1 | grep -q pa55 && "$ns" open "$T/m.key" "$T/a.sealed" 2>&1 | grep -q "does not open with this key"'
"$ns" seal "$T/m.pub" "$T/s.key" cred 0600 "$T/plain" "$T/c.sealed"
t "another recipient gives other bytes" '! cmp -s "$T/a.sealed" "$T/c.sealed"'
t "a bad secret name is refused" '"$ns" seal "$T/n.pub" "$T/s.key" ../x 0600 "$T/plain" "$T/d.sealed" 2>&1 | grep -q "not a secret name" && [ ! -e "$T/d.sealed" ]'
head -c 300000 /dev/zero > "$T/big"
t "a secret over 256 KiB is refused" '"$ns" seal "$T/n.pub" "$T/s.key" big 0600 "$T/big" "$T/e.sealed" 2>&1 | grep -q "larger than a secret may be" && [ ! -e "$T/e.sealed" ]'

# seal-secrets.sh: credentials become containerd's auth section, escaped; bad ones fail the build
mk_tree() { rm -rf "$T/root" "$T/sk"; mkdir -p "$T/root/etc/containerd" "$T/sk/site-secrets"; cp "$top/overlays/base/etc/containerd/config.toml" "$T/root/etc/containerd/"; cp "$T/n.pub" "$T/sk/node.pub"; cp "$T/s.key" "$T/sk/seal.key"; }
mk_tree
printf 'node:a"b\\c\n' > "$T/sk/site-secrets/registry-credentials"
printf 'tls material\n' > "$T/sk/site-secrets/node-tls.key"
if sh "$top/image/seal-secrets.sh" "$T/root" "$T/sk" "$ns" 10.0.2.100:5000 2>"$T/err"; then
	"$ns" open "$T/n.key" "$T/root/etc/node/secrets/containerd.toml.sealed" > "$T/toml"
	t "containerd.toml carries the auth section for the registry" 'grep -qF "[plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"10.0.2.100:5000\".auth]" "$T/toml"'
	t "the password is escaped for TOML" 'grep -qF "password = \"a\\\"b\\\\c\"" "$T/toml"'
	t "other site secrets are sealed as they are" '[ "$("$ns" open "$T/n.key" "$T/root/etc/node/secrets/node-tls.key.sealed")" = "tls material" ]'
	t "the credentials file itself is not sealed on its own" '[ ! -e "$T/root/etc/node/secrets/registry-credentials.sealed" ]'
else
	no "seal-secrets.sh seals a site" "$(cat "$T/err")"
fi
mk_tree
printf 'node:pw\001x\n' > "$T/sk/site-secrets/registry-credentials"
t "a control character in the password fails the build" '! sh "$top/image/seal-secrets.sh" "$T/root" "$T/sk" "$ns" 10.0.2.100:5000 && grep -q "control character" "$T/out"'
printf 'nocolon\n' > "$T/sk/site-secrets/registry-credentials"
t "credentials without user:password fail the build" '! sh "$top/image/seal-secrets.sh" "$T/root" "$T/sk" "$ns" 10.0.2.100:5000 && grep -q "USER:PASSWORD" "$T/out"'
printf 'node:pw\n' > "$T/sk/site-secrets/registry-credentials"
t "credentials without a registry fail the build" '! sh "$top/image/seal-secrets.sh" "$T/root" "$T/sk" "$ns" "" && grep -q "names no registry" "$T/out"'

# render-containerd.sh: every name to the site registry, and only inside the site networks
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=t \
	-keyout "$T/ca.key" -out "$T/ca.crt" 2>/dev/null
mkdir -p "$T/r/etc/node"
if reg=$(sh "$top/image/render-containerd.sh" "$top/overlays/site/etc/node/site.conf" "$T/ca.crt" "$T/r" 2>"$T/err"); then
	t "the development site's registry is 10.0.2.100:5000" '[ "$reg" = 10.0.2.100:5000 ]'
	for n in docker.io ghcr.io quay.io registry.k8s.io _default; do
		# every URL in it is the site registry's, and it has the [host] table containerd 1.6 needs
		t "$n resolves to the site registry only" 'h="$T/r/etc/containerd/certs.d/$n/hosts.toml"; grep -qx "server = \"https://10.0.2.100:5000\"" "$h" && grep -qx "\[host.\"https://10.0.2.100:5000\"\]" "$h" && [ "$(grep -o "https://[^\"]*" "$h" | sort -u)" = "https://10.0.2.100:5000" ]'
	done
	t "the site CA is in the image" 'cmp "$T/ca.crt" "$T/r/etc/node/registry-ca.crt"'
else
	no "render-containerd.sh renders the development site" "$(cat "$T/err")"
fi
printf 'site-net 10.0.2.0/24\nregistry 192.0.2.10:5000\n' > "$T/out.conf"
t "a registry outside the site networks fails the build" '! sh "$top/image/render-containerd.sh" "$T/out.conf" "$T/ca.crt" "$T/r" && grep -q "outside every site-net" "$T/out"'
printf 'site-net 10.0.2.0/24\nregistry 10.0.2.100\n' > "$T/out.conf"
t "a registry without a port fails the build" '! sh "$top/image/render-containerd.sh" "$T/out.conf" "$T/ca.crt" "$T/r" && grep -q "HOST:PORT" "$T/out"'
printf 'site-net 10.0.2.0/24\nregistry 10.0.2.100:5000\n' > "$T/out.conf"
: > "$T/empty.crt"
t "a missing CA fails the build" '! sh "$top/image/render-containerd.sh" "$T/out.conf" "$T/empty.crt" "$T/r" && grep -q "no site registry CA" "$T/out"'
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
