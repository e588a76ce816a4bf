#!/bin/sh
# Render the node's firewall from the site's values: one nftables `inet` table in standard nft
# syntax (DESIGN.md "Egress air gap"). Input allows only the listed ports (and the diode's, on
# the diode interface) plus established traffic; output and forward drop every destination
# outside the site networks, IPv4 and IPv6, counting it, remembering it in a set and logging at
# a limited rate; every chain's policy is drop. A second table guards the wire itself: the
# netdev egress hook of each configured interface drops every frame for a non-site address,
# packet sockets' included. Every line of site.conf is checked: an unknown key or a malformed
# value fails the build.
#   render-firewall.sh SITE_CONF OUT.nft
set -eu
conf=$1 out=$2
trap 'rm -f "$out.tmp"' EXIT
awk -v conf="$conf" '
function fail(msg) { printf "render-firewall: %s line %d: %s\n", conf, NR, msg > "/dev/stderr"; bad = 1; exit 1 }
function port(p) { if (p !~ /^[0-9]+$/ || p + 0 < 1 || p + 0 > 65535) fail("not a port: " p); return p + 0 }
function v4(a,   o, n, i) {
	n = split(a, o, ".")
	if (n != 4) return 0
	for (i = 1; i <= 4; i++) if (o[i] !~ /^[0-9]+$/ || o[i] + 0 > 255) return 0
	return 1
}
function v6(a) { return a ~ /^[0-9a-fA-F:]+$/ && a ~ /:/ && length(a) <= 39 }
function cidr(c,   p, n) {
	n = split(c, p, "/")
	if (n != 2 || p[2] !~ /^[0-9]+$/) fail("not a network (ADDRESS/PREFIX): " c)
	if (v4(p[1]) && p[2] + 0 <= 32) return 4
	if (v6(p[1]) && p[2] + 0 <= 128) return 6
	fail("not an IPv4 or IPv6 network: " c)
}
# an address as a string of bits (32 for IPv4, 128 for IPv6): containment is a prefix compare
function hexbits(h,   i, b, d) {
	b = ""
	for (i = 1; i <= length(h); i++) {
		d = index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
		b = b (d >= 8 ? "1" : "0") (d % 8 >= 4 ? "1" : "0") (d % 4 >= 2 ? "1" : "0") (d % 2)
	}
	return b
}
function group(g) { g = sprintf("%4s", g); gsub(/ /, "0", g); return hexbits(g) }
function bits(a,   o, n, i, b, v, left, right, nl, nr, g, fill) {
	if (v4(a)) {
		split(a, o, ".")
		b = ""
		for (i = 1; i <= 4; i++) { v = o[i] + 0; b = b hexbits(sprintf("%02x", v)) }
		return b
	}
	# IPv6: expand the one "::" into zero groups, pad each group to 4 hex digits
	if (index(a, "::")) { left = substr(a, 1, index(a, "::") - 1); right = substr(a, index(a, "::") + 2) }
	else { left = a; right = "" }
	nl = left == "" ? 0 : split(left, L, ":")
	nr = right == "" ? 0 : split(right, R, ":")
	if (!index(a, "::") && nl != 8) return ""
	if (nl + nr > 8) return ""
	b = ""
	for (i = 1; i <= nl; i++) { g = L[i]; if (length(g) > 4 || g == "") return ""; b = b group(g) }
	for (fill = 8 - nl - nr; fill > 0; fill--) b = b hexbits("0000")
	for (i = 1; i <= nr; i++) { g = R[i]; if (length(g) > 4 || g == "") return ""; b = b group(g) }
	return b
}
function in_site(a,   i, p, ab, nb) {
	ab = bits(a)
	if (ab == "") return 0
	for (i = 1; i <= nnets; i++) {
		split(nets[i], p, "/")
		nb = bits(p[1])
		if (length(nb) == length(ab) && substr(nb, 1, p[2]) == substr(ab, 1, p[2])) return 1
	}
	return 0
}
function add(list, item) { return list == "" ? item : list ", " item }
# the site networks as sets: each table has its own (sets do not cross tables)
function site_sets() {
	print "\tset site4 {\n\t\ttype ipv4_addr\n\t\tflags interval"
	if (net4 != "") print "\t\telements = { " net4 " }"
	print "\t}"
	print "\tset site6 {\n\t\ttype ipv6_addr\n\t\tflags interval"
	if (net6 != "") print "\t\telements = { " net6 " }"
	print "\t}"
}
{ sub(/#.*/, "") }
NF == 0 { next }
$1 == "site-net" { if (NF != 2) fail("site-net takes one network"); nets[++nnets] = $2; if (cidr($2) == 4) net4 = add(net4, $2); else net6 = add(net6, $2); next }
$1 == "ingress-tcp" { if (NF != 2) fail("ingress-tcp takes one port"); tcp = add(tcp, port($2)); next }
$1 == "ingress-udp" { if (NF != 2) fail("ingress-udp takes one port"); udp = add(udp, port($2)); next }
# the metrics endpoint (nodemetrics, image/render-metrics.sh): from the site networks only
$1 == "metrics-port" { if (NF != 2) fail("metrics-port takes one port"); metrics = port($2); next }
$1 == "diode-port" { if (NF != 2) fail("diode-port takes one port"); diode = port($2); next }
$1 == "diode-iface" { if (NF != 2 || $2 !~ /^[a-z0-9]+$/) fail("diode-iface takes an interface name"); diode_if = $2; diode_if_set = 1; next }
$1 == "iface" {   # init configures them (init/site_conf.c); here each gets its wire guard
	if (NF < 3 || $2 !~ /^[a-z][a-z0-9]*$/ || length($2) > 15) fail("iface wants NAME (a-z, 0-9) and a method")
	if (!($2 in seen_if)) { seen_if[$2] = 1; ifs[++nif] = $2 }
	if ($3 == "dhcp") dhcp_if[$2] = 1
	next
}
# init writes the resolvers (init/site_conf.c), nodetime asks the time servers: both must be
# in a site network, where the firewall lets them be reached
$1 == "dns" || $1 == "ntp" {
	if (NF != 2 || !(v4($2) || v6($2))) fail($1 " takes one IPv4 or IPv6 address")
	servers[++nsrv] = $2; srvkey[nsrv] = $1; srvline[nsrv] = NR
	next
}
# the log host of the site (nodelog, image/render-log.sh, which also checks log-size)
$1 == "syslog-host" {
	if (NF < 2 || NF > 4 || !(v4($2) || v6($2))) fail("syslog-host takes ADDRESS [PORT [udp|tcp]]")
	if (NF >= 3) port($3)
	if (NF == 4 && $4 != "udp" && $4 != "tcp") fail("syslog-host: the protocol is udp or tcp, not " $4)
	servers[++nsrv] = $2; srvkey[nsrv] = $1; srvline[nsrv] = NR
	next
}
# where the installer fetches its files over PXE (image/build-pxe.sh, firmware/README.md): plain
# HTTP to a literal IPv4 address in a site-net (stage 1 has no resolver), a port, a directory
$1 == "provision-url" {
	if (NF != 2) fail("provision-url takes one URL")
	if (purl) fail("a second provision-url: the installer fetches from one place")
	purl = $2
	if (purl !~ /^http:\/\/[0-9.]+:[0-9]+\/([A-Za-z0-9._~-]+\/)*$/ || purl ~ /\/\.\.?\//)
		fail("provision-url wants http://A.B.C.D:PORT/DIR/ (IPv4 address, port, a path ending in /), not " purl)
	split(substr(purl, 8, index(substr(purl, 8), "/") - 1), hp, ":")
	if (!v4(hp[1])) fail("provision-url: not an IPv4 address: " hp[1])
	port(hp[2])
	servers[++nsrv] = hp[1]; srvkey[nsrv] = $1; srvline[nsrv] = NR
	next
}
$1 == "log-size" { next }
$1 == "registry" { next }   # image/render-containerd.sh checks it
{ fail("unknown key " $1) }
END {
	if (bad) exit 1
	if (net4 == "" && net6 == "") { printf "render-firewall: %s: no site-net: the node could reach nothing\n", conf > "/dev/stderr"; exit 1 }
	for (i = 1; i <= nsrv; i++) if (!in_site(servers[i])) {
		printf "render-firewall: %s line %d: %s %s is outside every site-net: the firewall would drop it\n", conf, srvline[i], srvkey[i], servers[i] > "/dev/stderr"
		exit 1
	}
	if (diode != "" && diode_if == "") diode_if = "diode0"
	print "# The node firewall, rendered from etc/node/site.conf by image/render-firewall.sh."
	print "# init loads it before any interface is configured and checks it is in force."
	print "table inet node {"
	site_sets()
	# destinations dropped lately, newest kept longest: what "nodefw status" shows
	print "\tset dropped4 {\n\t\ttype ipv4_addr\n\t\tsize 256\n\t\tflags dynamic,timeout\n\t\ttimeout 1h\n\t}"
	print "\tset dropped6 {\n\t\ttype ipv6_addr\n\t\tsize 256\n\t\tflags dynamic,timeout\n\t\ttimeout 1h\n\t}"
	print "\tchain input {"
	print "\t\ttype filter hook input priority filter; policy drop;"
	print "\t\tiif \"lo\" accept"
	print "\t\tct state established,related accept"
	print "\t\tct state invalid counter drop comment \"input-invalid\""
	# neighbour discovery: IPv6 on the link does not work without it (and never leaves the link)
	print "\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255 accept"
	if (tcp != "") print "\t\ttcp dport { " tcp " } accept"
	if (udp != "") print "\t\tudp dport { " udp " } accept"
	if (diode != "") print "\t\tiifname \"" diode_if "\" udp dport " diode " accept"
	if (metrics != "") print "\t\tip saddr @site4 tcp dport " metrics " accept\n\t\tip6 saddr @site6 tcp dport " metrics " accept"
	print "\t\tlimit rate 5/second burst 10 packets log prefix \"node-fw drop in: \" level info"
	print "\t\tcounter drop comment \"input-drop\""
	print "\t}"
	print "\tchain forward {"
	print "\t\ttype filter hook forward priority filter; policy drop;"
	print "\t\tct state established,related accept"
	print "\t\tip daddr @site4 accept"
	print "\t\tip6 daddr @site6 accept"
	print "\t\tmeta nfproto ipv4 update @dropped4 { ip daddr }"
	print "\t\tmeta nfproto ipv6 update @dropped6 { ip6 daddr }"
	print "\t\tlimit rate 5/second burst 10 packets log prefix \"node-fw drop fwd: \" level warn"
	print "\t\tmeta nfproto ipv4 counter drop comment \"forward-drop-v4\""
	print "\t\tmeta nfproto ipv6 counter drop comment \"forward-drop-v6\""
	print "\t\tcounter drop comment \"forward-drop-other\""
	print "\t}"
	print "\tchain output {"
	print "\t\ttype filter hook output priority filter; policy drop;"
	print "\t\toif \"lo\" accept"
	print "\t\tip daddr @site4 accept"
	print "\t\tip6 daddr @site6 accept"
	print "\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255 accept"
	# multicast listener reports stay on the link; switches that snoop them need them for ND
	print "\t\tip6 daddr ff02::16 icmpv6 type mld2-listener-report accept"
	print "\t\tmeta nfproto ipv4 update @dropped4 { ip daddr }"
	print "\t\tmeta nfproto ipv6 update @dropped6 { ip6 daddr }"
	print "\t\tlimit rate 5/second burst 10 packets log prefix \"node-fw drop out: \" level warn"
	print "\t\tmeta nfproto ipv4 counter drop comment \"output-drop-v4\""
	print "\t\tmeta nfproto ipv6 counter drop comment \"output-drop-v6\""
	print "\t\tcounter drop comment \"output-drop-other\""
	print "\t}"
	print "}"
	# The wire guard: frames from packet sockets (arping, a DHCP client, any process or
	# container with CAP_NET_RAW) never pass the inet hooks above. The netdev egress hook of
	# each configured interface sees every frame before the driver: only ARP for and IP to
	# the site networks and IPv6 link scope pass. The diode interface sends nothing at all.
	# nft -f loads both tables in one transaction: when init finds table inet node in force,
	# this one is too. (No apostrophes in this program: it sits in single quotes.)
	if (nif == 0 && !diode_if_set) exit 0
	print ""
	print "table netdev node_wire {"
	site_sets()
	for (i = 1; i <= nif; i++) {
		if (diode_if_set && ifs[i] == diode_if) continue
		print "\tchain egress_" ifs[i] " {"
		print "\t\ttype filter hook egress device \"" ifs[i] "\" priority filter; policy drop;"
		print "\t\tarp daddr ip @site4 accept"
		print "\t\tip daddr @site4 accept"
		# a DHCP client asks the link before it has an address (its server answers on the link)
		if (ifs[i] in dhcp_if) print "\t\tip daddr 255.255.255.255 udp dport 67 accept"
		print "\t\tip6 daddr @site6 accept"
		print "\t\tip6 daddr { fe80::/10, ff02::/16 } accept"
		print "\t\tcounter drop comment \"wire-drop-" ifs[i] "\""
		print "\t}"
	}
	if (diode_if_set) {
		print "\tchain egress_" diode_if " {"
		print "\t\ttype filter hook egress device \"" diode_if "\" priority filter; policy drop;"
		print "\t\tcounter drop comment \"wire-drop-" diode_if "\""
		print "\t}"
	}
	print "}"
}' "$conf" > "$out.tmp"
mv "$out.tmp" "$out"
