#!/bin/sh
# The node's metrics endpoint for the site's Prometheus ("metrics-port PORT" in site.conf),
# appended to the services file: nodemetrics on every IPv4 address of the node, on that port.
# render-firewall.sh lets the port in from the site networks only. It binds as root, then keeps
# nobody with CAP_DAC_READ_SEARCH (and CAP_NET_ADMIN for the nft it runs) only (init/nodestate).
# Nothing is appended without a metrics-port line.
#   render-metrics.sh SITE_CONF SERVICES_FILE
set -eu
conf=$1 services=$2
port=$(awk '{ sub(/#.*/, "") } $1 == "metrics-port" && NF == 2 && $2 ~ /^[0-9]+$/ { p = $2 } END { print p }' "$conf")
[ -n "$port" ] || exit 0
printf '\n# Metrics for the site'"'"'s Prometheus (site.conf; image/render-metrics.sh)\nmetrics - /usr/sbin/nodemetrics --bind 0.0.0.0 --port %s\n' \
	"$port" >> "$services"
