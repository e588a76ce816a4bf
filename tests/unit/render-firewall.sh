#!/bin/sh
# image/render-firewall.sh on good and bad site.conf files: a line it cannot vouch for fails the
# build with the file, the line and why; the development site renders every rule the air gap
# needs, and the host's nft (image/deps.sh installs it) accepts it with -c.
#   render-firewall.sh TOP
top=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
no() { failed=$((failed + 1)); echo "not ok - $1: $2"; }

refuse() {  # refuse NAME EXPECTED-MESSAGE CONF-TEXT
	printf '%b' "$3" > "$T/site.conf"
	if sh "$top/image/render-firewall.sh" "$T/site.conf" "$T/out.nft" 2> "$T/err"; then
		no "$1" "rendered"
	elif ! grep -qF -- "$2" "$T/err"; then
		no "$1" "message: $(cat "$T/err")"
	elif [ -e "$T/out.nft" ] || [ -e "$T/out.nft.tmp" ]; then
		no "$1" "left a file behind"
	else
		ok "$1"
	fi
}
refuse "an unknown key fails" "line 2: unknown key site-nets" 'site-net 10.0.0.0/8\nsite-nets 10.1.0.0/16\n'
refuse "a prefix over 32 fails" "not an IPv4 or IPv6 network: 10.0.0.0/33" 'site-net 10.0.0.0/33\n'
refuse "a network without prefix fails" "not a network" 'site-net 10.0.0.1\n'
refuse "an octet over 255 fails" "not an IPv4 or IPv6 network" 'site-net 10.0.0.256/32\n'
refuse "a port over 65535 fails" "not a port: 70000" 'site-net 10.0.0.0/8\ningress-tcp 70000\n'
refuse "a port with letters fails" "not a port: 80;" 'site-net 10.0.0.0/8\ningress-tcp 80;\n'
refuse "no site network fails" "no site-net" 'ingress-tcp 22\n'
refuse "nft syntax cannot ride in a value" "not a network" 'site-net 10.0.0.0/8}accept\n'

sh "$top/image/render-firewall.sh" "$top/overlays/site/etc/node/site.conf" "$T/dev.nft" 2> "$T/err" ||
	no "the development site renders" "$(cat "$T/err")"
for want in "policy drop;" "elements = { 10.0.2.0/24 }" "elements = { fec0::/64 }" \
	"tcp dport { 9100 } accept" "iifname \"diode0\" udp dport 5005 accept" \
	"counter drop comment \"output-drop-v4\"" "counter drop comment \"output-drop-v6\"" \
	"counter drop comment \"forward-drop-v4\"" "log prefix \"node-fw drop out: \"" \
	"ip saddr @site4 tcp dport 9102 accept" "ip6 saddr @site6 tcp dport 9102 accept"; do
	if grep -qF -- "$want" "$T/dev.nft"; then ok "the development ruleset has: $want"
	else no "the development ruleset has: $want" "missing"; fi
done
n=$(grep -c 'type filter hook \(input\|forward\|output\) priority filter; policy drop;' "$T/dev.nft")
[ "$n" = 3 ] && ok "input, forward and output all policy drop" || no "input, forward and output all policy drop" "$n chains"
# the wire guard: eth0's egress passes ARP for and IP to the site only, policy drop
for want in "table netdev node_wire {" "type filter hook egress device \"eth0\" priority filter; policy drop;" \
	"arp daddr ip @site4 accept" "ip6 daddr { fe80::/10, ff02::/16 } accept" "counter drop comment \"wire-drop-eth0\""; do
	if grep -qF -- "$want" "$T/dev.nft"; then ok "the wire guard has: $want"; else no "the wire guard has: $want" "missing"; fi
done
printf 'site-net 10.0.0.0/8\ndiode-port 5005\ndiode-iface eth1\niface eth1 static 10.9.0.2/16\n' > "$T/diode.conf"
if sh "$top/image/render-firewall.sh" "$T/diode.conf" "$T/diode.nft" 2> "$T/err" &&
	[ "$(sed -n '/chain egress_eth1 {/,/}/p' "$T/diode.nft" | grep -c accept)" = 0 ] &&
	grep -qF 'chain egress_eth1 {' "$T/diode.nft"; then
	ok "the diode interface may send nothing (egress: no accept rule)"
else
	no "the diode interface may send nothing (egress: no accept rule)" "$(cat "$T/err" "$T/diode.nft" 2>/dev/null | tail -8 | tr '\n' ' ')"
fi
refuse "a time server outside the site fails" "line 2: ntp 192.0.2.1 is outside every site-net" 'site-net 10.0.2.0/24\nntp 192.0.2.1\n'
refuse "a resolver outside the site fails" "line 3: dns 2001:db8::53 is outside every site-net" 'site-net 10.0.2.0/24\nsite-net fec0::/64\ndns 2001:db8::53\n'
refuse "an IPv6 server one bit outside a /63 fails" "ntp fd00:0:0:2::1 is outside" 'site-net fd00::/63\nntp fd00:0:0:1::1\nntp fd00:0:0:2::1\n'
refuse "a time server that is no address fails" "ntp takes one IPv4 or IPv6 address" 'site-net 10.0.2.0/24\nntp time.example\n'
printf 'site-net 10.0.2.0/24\nsite-net fd00:0:0:2::/64\nsite-net 172.16.0.0/12\nntp 10.0.2.123\nntp fd00:0:0:2:ffff:ffff:ffff:ffff\nntp 172.31.255.1\ndns fd00:0:0:2::\n' > "$T/srv.conf"
if sh "$top/image/render-firewall.sh" "$T/srv.conf" "$T/srv.nft" 2> "$T/err"; then
	ok "time servers and resolvers inside the site networks render"
else
	no "time servers and resolvers inside the site networks render" "$(cat "$T/err")"
fi
refuse "a log host outside the site fails" "line 2: syslog-host 192.0.2.9 is outside every site-net" 'site-net 10.0.2.0/24\nsyslog-host 192.0.2.9 514 tcp\n'
refuse "a log host protocol other than udp or tcp fails" "the protocol is udp or tcp, not tls" 'site-net 10.0.2.0/24\nsyslog-host 10.0.2.9 6514 tls\n'
refuse "a log host port over 65535 fails" "not a port: 65536" 'site-net 10.0.2.0/24\nsyslog-host 10.0.2.9 65536\n'
# provision-url: the PXE installer's server, checked like the log host (image/build-pxe.sh uses it)
refuse "a provisioning server outside the site fails" "line 2: provision-url 192.0.2.80 is outside every site-net" 'site-net 10.0.2.0/24\nprovision-url http://192.0.2.80:8080/node/\n'
refuse "a provisioning URL without a port fails" "provision-url wants http://A.B.C.D:PORT/DIR/" 'site-net 10.0.2.0/24\nprovision-url http://10.0.2.100/node/\n'
refuse "a provisioning URL whose path does not end in / fails" "provision-url wants" 'site-net 10.0.2.0/24\nprovision-url http://10.0.2.100:8080/node\n'
refuse "a provisioning URL with a host name fails" "provision-url wants" 'site-net 10.0.2.0/24\nprovision-url http://boot.example:8080/\n'
refuse "a provisioning URL over https fails" "provision-url wants" 'site-net 10.0.2.0/24\nprovision-url https://10.0.2.100:8443/node/\n'
refuse "a provisioning URL with .. fails" "provision-url wants" 'site-net 10.0.2.0/24\nprovision-url http://10.0.2.100:8080/node/../\n'
refuse "a provisioning address that is no IPv4 address fails" "provision-url: not an IPv4 address: 10.0.2.300" 'site-net 10.0.2.0/24\nprovision-url http://10.0.2.300:8080/\n'
refuse "a provisioning port over 65535 fails" "not a port: 80800" 'site-net 10.0.2.0/24\nprovision-url http://10.0.2.100:80800/\n'
refuse "a second provisioning URL fails" "line 3: a second provision-url" 'site-net 10.0.2.0/24\nprovision-url http://10.0.2.100:8080/a/\nprovision-url http://10.0.2.100:8080/b/\n'
printf 'site-net 10.0.2.0/24\nprovision-url http://10.0.2.100:8080/\n' > "$T/purl.conf"
if sh "$top/image/render-firewall.sh" "$T/purl.conf" "$T/purl.nft" 2> "$T/err" &&
	! grep -q 8080 "$T/purl.nft"; then
	ok "a provisioning URL at the server's top renders, and opens nothing"
else
	no "a provisioning URL at the server's top renders, and opens nothing" "$(cat "$T/err")"
fi
# image/render-log.sh: the logger's line, first in the services file, from site.conf
log_line() {  # log_line CONF-TEXT: the first service line render-log.sh writes, or its error
	printf '%b' "$1" > "$T/log.conf"
	printf 'containerd - /usr/bin/containerd\n' > "$T/services"
	if sh "$top/image/render-log.sh" "$T/log.conf" "$T/services" 2> "$T/err"; then
		grep -v '^#' "$T/services" | grep -v '^$' | head -1
	else
		cat "$T/err"
	fi
}
check_log() {  # check_log NAME WANT CONF-TEXT
	got=$(log_line "$3")
	if [ "$got" = "$2" ]; then ok "$1"; else no "$1" "got: $got"; fi
}
check_log "render-log: no syslog-host forwards nothing, 32m by default" \
	"log notify /usr/sbin/nodelog --dir /var/log/node --size 32m --ready-fd 3" 'site-net 10.0.2.0/24\n'
check_log "render-log: syslog-host and log-size reach nodelog's arguments" \
	"log notify /usr/sbin/nodelog --dir /var/log/node --size 256k --ready-fd 3 --forward tcp 10.0.2.9 601" \
	'site-net 10.0.2.0/24\nsyslog-host 10.0.2.9 601 tcp\nlog-size 256k\n'
check_log "render-log: the port and protocol default to 514 and udp" \
	"log notify /usr/sbin/nodelog --dir /var/log/node --size 32m --ready-fd 3 --forward udp fd00::9 514" \
	'site-net fd00::/64\nsyslog-host fd00::9\n'
check_log "render-log: a log-size under 64k fails" \
	"render-log: $T/log.conf line 1: log-size 63k is outside 64k to 4g" 'log-size 63k\n'
check_log "render-log: a log-size with another unit fails" \
	"render-log: $T/log.conf line 1: log-size takes a size in bytes, or with k, m or g: log-size 2t" 'log-size 2t\n'
check_log "render-log: a second log host fails" \
	"render-log: $T/log.conf line 2: a second syslog-host: the node forwards to one log host" \
	'syslog-host 10.0.2.9\nsyslog-host 10.0.2.10\n'
log_line 'site-net 10.0.2.0/24\n' > /dev/null
if [ "$(grep -v '^#' "$T/services" | grep -v '^$' | sed -n 2p)" = "containerd - /usr/bin/containerd" ]; then
	ok "render-log: the other services follow the logger, unchanged"
else
	no "render-log: the other services follow the logger, unchanged" "$(cat "$T/services")"
fi
refuse "a bad interface name fails" "iface wants NAME" 'site-net 10.0.0.0/8\niface eth0;x static 10.0.0.2/8\n'
if nft -c -f "$T/dev.nft" 2> "$T/err"; then
	ok "nft -c accepts the rendered ruleset"
else
	no "nft -c accepts the rendered ruleset" "$(cat "$T/err" 2>/dev/null)"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
