#!/bin/sh
# The data diode's receiver, for a site whose node has a diode interface ("diode-iface NAME",
# "iface NAME static ADDRESS/PREFIX" and "diode-port PORT" in site.conf), appended to the
# services file: diode-recv bound to that address and port, assembling into the update agent's
# inbox, where watch installs what arrives (the bundle's signature stays the authority). Flag
# secrets: it needs the sealed diode key (/run/secrets/diode.key). It counts for readiness and
# health, so a version that breaks the node's only update path fails its trial.
# Nothing is appended without a diode interface.
#   render-diode.sh SITE_CONF SERVICES_FILE
set -eu
conf=$1 services=$2
line=$(awk '
{ sub(/#.*/, "") }
$1 == "diode-iface" && NF == 2 { ifc = $2 }
$1 == "diode-port" && NF == 2 { port = $2 }
$1 == "iface" && $3 == "static" { addr[$2] = $4 }
END {
	if (ifc == "") exit 0
	if (port == "") { print "render-diode: diode-iface " ifc " but no diode-port" > "/dev/stderr"; exit 1 }
	if (!(ifc in addr)) { print "render-diode: diode-iface " ifc " has no iface " ifc " static ADDRESS/PREFIX" > "/dev/stderr"; exit 1 }
	a = addr[ifc]; sub(/\/.*/, "", a)
	if (a !~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/ || port !~ /^[0-9]+$/) { print "render-diode: bad address " a " or port " port > "/dev/stderr"; exit 1 }
	printf "diode secrets /usr/sbin/diode-recv --bind %s %s /var/lib/nodeupdate/inbox\n", a, port
}' "$conf")
[ -n "$line" ] || exit 0
printf '\n# The data diode: receive only on %s (site.conf; image/render-diode.sh)\n%s\n' \
	"$(awk '{ sub(/#.*/, "") } $1 == "diode-iface" { print $2 }' "$conf")" "$line" >> "$services"
