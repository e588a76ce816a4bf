# Sourced by tests/diode/run.sh and tests/bench/diode.sh: three network namespaces, sender - relay -
# receiver, joined by veth pairs, the receiver's link one-way (ARP off, IPv6 off, a static
# neighbour entry on the relay's side). Sets NS_*, V_*, W, PORT, RELAY_PORT, RATE, PIDS, the helpers
# ok/nok/in_s/in_m/in_r, and a trap that kills PIDS and deletes the namespaces and W on exit.
# Addresses: sender 10.231.1.1, relay 10.231.1.2 | 10.231.2.1, receiver 10.231.2.2.
# unique names: parallel runs must not clash (veth names have at most 15 bytes)
id=$(( $$ % 100000 ))
NS_S=diode-s$id NS_M=diode-m$id NS_R=diode-r$id
V_S=dvs$id V_MS=dvms$id V_MR=dvmr$id V_R=dvr$id
W=$(mktemp -d /tmp/diode-test.XXXXXX)
PORT=4000 RELAY_PORT=4001
RATE=${DIODE_TEST_RATE:-8000000}
PIDS=""

cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	for n in $NS_S $NS_M $NS_R; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
in_s() { ip netns exec "$NS_S" "$@"; }
in_m() { ip netns exec "$NS_M" "$@"; }
in_r() { ip netns exec "$NS_R" "$@"; }

setup_net() {
	for n in $NS_S $NS_M $NS_R; do ip netns add "$n" || return 1; done
	ip link add "$V_S" netns "$NS_S" type veth peer name "$V_MS" netns "$NS_M" || return 1
	ip link add "$V_MR" netns "$NS_M" type veth peer name "$V_R" netns "$NS_R" || return 1
	# the receiver's side: no IPv6 (no router solicitations, DAD or MLD reports), no ARP
	in_r sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || return 1
	in_r sysctl -q -w "net.ipv6.conf.$V_R.disable_ipv6=1" || return 1
	for x in "$NS_S $V_S" "$NS_M $V_MS" "$NS_M $V_MR"; do
		set -- $x
		ip netns exec "$1" sysctl -q -w "net.ipv6.conf.$2.disable_ipv6=1" || return 1
	done
	in_r ip link set "$V_R" arp off || return 1
	in_s ip addr add 10.231.1.1/24 dev "$V_S" && in_m ip addr add 10.231.1.2/24 dev "$V_MS" &&
	in_m ip addr add 10.231.2.1/24 dev "$V_MR" && in_r ip addr add 10.231.2.2/24 dev "$V_R" || return 1
	for x in "$NS_S $V_S" "$NS_M $V_MS" "$NS_M $V_MR" "$NS_R $V_R" "$NS_S lo" "$NS_M lo"; do
		set -- $x
		ip netns exec "$1" ip link set "$2" up || return 1
	done
	# the relay reaches the receiver through a static neighbour entry: the receiver answers no ARP
	mac=$(in_r cat "/sys/class/net/$V_R/address") || return 1
	in_m ip neigh replace 10.231.2.2 lladdr "$mac" dev "$V_MR" nud permanent || return 1
	# and for the negative control at the end only: the receiver side's way to the relay
	mac=$(in_m cat "/sys/class/net/$V_MR/address") || return 1
	in_r ip neigh replace 10.231.2.1 lladdr "$mac" dev "$V_R" nud permanent || return 1
}

if ! setup_net >"$W/setup.log" 2>&1; then
	nok setup "network namespaces and veth pairs: $(tail -3 "$W/setup.log" | tr '\n' ' ')"
	exit 1
fi

