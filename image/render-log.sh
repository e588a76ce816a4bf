#!/bin/sh
# The node's logger (init/nodelog), put first in the services file so init starts it first and
# stops it last: it keeps the kernel's log ring, every service's output among it, on
# /var/log/node within "log-size SIZE" (default 32m), and forwards it to "syslog-host ADDRESS
# [PORT [udp|tcp]]" (default port 514, udp) when site.conf names one; without that line nothing
# is forwarded. render-firewall.sh has already refused a log host outside the site networks.
# It counts for readiness: a version whose logger cannot run fails its trial boot.
#   render-log.sh SITE_CONF SERVICES_FILE
set -eu
conf=$1 services=$2
args=$(awk -v conf="$conf" '
function fail(msg) { printf "render-log: %s line %d: %s\n", conf, NR, msg > "/dev/stderr"; bad = 1; exit 1 }
{ sub(/#.*/, "") }
$1 == "log-size" {
	if (NF != 2 || $2 !~ /^[0-9]+[kKmMgG]?$/) fail("log-size takes a size in bytes, or with k, m or g: " $0)
	n = $2 + 0; u = tolower(substr($2, length($2)))
	if (u == "k") n *= 1024; else if (u == "m") n *= 1048576; else if (u == "g") n *= 1073741824
	if (n < 65536 || n > 4294967296) fail("log-size " $2 " is outside 64k to 4g")
	size = $2
}
$1 == "syslog-host" {
	if (host != "") fail("a second syslog-host: the node forwards to one log host")
	host = $2; port = NF >= 3 ? $3 : "514"; proto = NF >= 4 ? $4 : "udp"
}
END {
	if (bad) exit 1
	printf "--dir /var/log/node --size %s --ready-fd 3", size == "" ? "32m" : size
	if (host != "") printf " --forward %s %s %s", proto, host, port
}' "$conf")
{
	printf '# The node'"'"'s log: the kernel'"'"'s ring and every service'"'"'s output, on /var/log/node (image/render-log.sh)\n'
	printf 'log notify /usr/sbin/nodelog %s\n\n' "$args"
	cat "$services"
} > "$services.tmp"
mv "$services.tmp" "$services"
