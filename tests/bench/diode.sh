#!/bin/sh
# Bench of the data diode's transfer (root): wire bytes per bundle byte and time to completion at
# 0/5/20% loss through the tests' lossy relay, for diode-send/diode-recv and for Debian's udpcast
# (udp-sender --async --fec, udp-receiver) on the same file, the same rate limit, the same relay,
# in the same run. Figures are ratios against udpcast measured here, not absolute numbers.
#   sh tests/bench/diode.sh BUILD_DIR [ROUNDS]   (ROUNDS: runs per cell, the median is shown)
# udpcast needs its receiver to find the sender's data address: the sender names the receiver's
# address, and the relay's namespace redirects that (nft DNAT) into the relay, which forwards it
# from udpcast's port as udp-receiver expects. udpcast sends one pass: when its FEC cannot repair
# a stripe the file does not arrive, and the cell says so.
set -u
B=$(realpath "${1:?usage: diode.sh BUILD_DIR [ROUNDS]}")
N=${2:-1}
HERE=$(cd "$(dirname "$0")/../diode" && pwd)
RELAY=$HERE/relay.py
SIZE=$((8 << 20))
RATE=${DIODE_BENCH_RATE:-8000000}   # bytes/s for both tools
[ "$(id -u)" = 0 ] || { echo "diode bench: needs root"; exit 1; }
command -v udp-sender >/dev/null || { echo "diode bench: udp-sender not found (sh image/deps.sh)"; exit 1; }
. "$HERE/netns.sh"
in_s ip route add 10.231.2.0/24 via 10.231.1.2 || exit 1
in_m nft -f - <<NFT || exit 1
table ip udpcast_bench {
	chain pre { type nat hook prerouting priority -100; ip daddr 10.231.2.2 udp dport 9000 dnat to 10.231.1.2:9000; }
}
NFT
head -c $SIZE /dev/urandom >"$W/f.bundle"
"$B/diode-send" keygen "$W/key" 2>/dev/null || exit 1

now() { date +%s.%N; }
relay_bytes() { sed -n 's/.*received_bytes=\([0-9]*\).*/\1/p' "$1"; }

# ours LOSS SEED: prints "seconds wirebytes" or "fail"
ours() {
	rm -rf "$W/in" && mkdir -p "$W/in"
	ip netns exec "$NS_R" "$B/diode-recv" --key "$W/key" --bind 10.231.2.2 $PORT "$W/in" 2>"$W/recv.log" &
	r=$!
	ip netns exec "$NS_M" python3 "$RELAY" --listen 10.231.1.2:$RELAY_PORT --forward 10.231.2.2:$PORT \
		--source 10.231.2.1 --seed "$2" --loss "$1" >"$W/relay.out" 2>&1 &
	rl=$!
	sleep 0.5
	t0=$(now)
	ip netns exec "$NS_S" "$B/diode-send" --key "$W/key" --rate $RATE --rounds 20 "$W/f.bundle" \
		10.231.1.2:$RELAY_PORT 2>/dev/null &
	s=$!
	while kill -0 $s 2>/dev/null && [ ! -e "$W/in/f.bundle" ]; do sleep 0.05; done
	t=$(echo "$(now) - $t0" | bc)
	kill $s; wait $s 2>/dev/null; kill $rl; wait $rl; kill $r; wait $r
	if cmp -s "$W/f.bundle" "$W/in/f.bundle"; then echo "$t $(relay_bytes "$W/relay.out")"; else echo fail; fi
}

# udpcast LOSS SEED
udpcast() {
	rm -rf "$W/in" && mkdir -p "$W/in"
	ip netns exec "$NS_M" python3 "$RELAY" --listen 10.231.1.2:9000 --forward 10.231.2.2:9000 \
		--source 10.231.2.1 --source-port 9001 --seed "$2" --loss "$1" >"$W/relay.out" 2>&1 &
	rl=$!
	ip netns exec "$NS_R" timeout 120 udp-receiver --interface "$V_R" --portbase 9000 --nokbd \
		--file "$W/in/f.bundle" >"$W/ur.log" 2>&1 &
	r=$!
	sleep 0.5
	t0=$(now)
	ip netns exec "$NS_S" timeout 120 udp-sender --interface "$V_S" --portbase 9000 --file "$W/f.bundle" \
		--async --fec 8x16/128 --max-bitrate $((RATE * 8)) --autostart 1 --nokbd \
		--mcast-data-address 10.231.2.2 --mcast-rdv-address 10.231.2.2 >"$W/us.log" 2>&1
	wait $r
	t=$(echo "$(now) - $t0" | bc)
	sleep 0.3; kill $rl; wait $rl
	if cmp -s "$W/f.bundle" "$W/in/f.bundle"; then echo "$t $(relay_bytes "$W/relay.out")"; else echo fail; fi
}

median() { grep . | sort -n | awk '{a[NR]=$0} END {print NR ? a[int((NR+1)/2)] : "fail"}'; }

printf '%-6s %-10s %12s %10s %12s %10s %10s %10s\n' loss "" "ours s" "ours B/B" "udpcast s" "udpc B/B" "ratio s" "ratio B"
for loss in 0 5 20; do
	ot="" ob="" ut="" ub=""
	for i in $(seq "$N"); do
		set -- $(ours $loss $i)
		[ "$1" = fail ] || { ot="$ot $1"; ob="$ob $(echo "scale=3; $2 / $SIZE" | bc)"; }
		set -- $(udpcast $loss $i)
		[ "$1" = fail ] || { ut="$ut $1"; ub="$ub $(echo "scale=3; $2 / $SIZE" | bc)"; }
	done
	mt=$(echo $ot | tr ' ' '\n' | median) mb=$(echo $ob | tr ' ' '\n' | median)
	ut=$(echo $ut | tr ' ' '\n' | median) ub=$(echo $ub | tr ' ' '\n' | median)
	rt=- rb=-
	[ "$mt" != fail ] && [ "$ut" != fail ] && rt=$(echo "scale=2; $mt / $ut" | bc) && rb=$(echo "scale=2; $mb / $ub" | bc)
	printf '%-6s %-10s %12s %10s %12s %10s %10s %10s\n' "$loss%" "8 MiB" "$mt" "$mb" "$ut" "$ub" "$rt" "$rb"
done
echo "rate $RATE B/s for both; B/B = bytes the relay received per file byte; ratio = ours / udpcast; fail = file did not arrive whole"
