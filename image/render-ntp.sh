#!/bin/sh
# The node's time client for the site's time servers ("ntp ADDRESS" lines of site.conf),
# appended to the services file: nodetime with the servers as its arguments. A site without
# ntp lines gets no time client at all: there is no default server. render-firewall.sh has
# already refused servers outside the site networks.
#   render-ntp.sh SITE_CONF SERVICES_FILE
set -eu
conf=$1 services=$2
servers=$(awk '{ sub(/#.*/, "") } $1 == "ntp" && NF == 2 && $2 ~ /^[0-9a-fA-F.:]+$/ && !seen[$2]++ { printf "%s ", $2 }' "$conf")
[ -n "$servers" ] || exit 0
printf '\n# Time from the site servers only (site.conf; image/render-ntp.sh), as nobody with CAP_SYS_TIME\nntp - /usr/sbin/nodetime %s\n' \
	"${servers% }" >> "$services"
