#!/bin/sh
# One supervised DHCP client per interface the site gives to DHCP ("iface NAME dhcp" in
# site.conf), appended to the services file: BusyBox udhcpc in the foreground, with our script
# (node-dhcp-event), which applies the address and router and ignores the lease's resolvers and
# time servers. Nothing is appended for a site with static addresses only.
#   render-dhcp.sh SITE_CONF SERVICES_FILE
set -eu
conf=$1 services=$2
awk '{ sub(/#.*/, "") } $1 == "iface" && $3 == "dhcp" && $2 ~ /^[a-z][a-z0-9]*$/ && !seen[$2]++ { print $2 }' "$conf" |
while read -r ifc; do
	# -t 5 -T 3 -A 10: five discovers 3 s apart, then a 10 s pause, for ever (-n is not given:
	# a node without a lease keeps asking). -R: release the lease when stopped at shutdown.
	printf '\n# DHCP on %s (site.conf asks for it; image/render-dhcp.sh)\ndhcp-%s - /usr/sbin/udhcpc -f -R -t 5 -T 3 -A 10 -i %s -s /usr/sbin/node-dhcp-event\n' \
		"$ifc" "$ifc" "$ifc" >> "$services"
done
