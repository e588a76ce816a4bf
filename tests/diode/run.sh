#!/bin/sh
# The diode end to end, as root: diode-send -> lossy relay -> diode-recv, across three network
# namespaces joined by veth pairs, with the receiver's link as one-way as a test can make it (ARP
# off, IPv6 off, a static neighbour entry on the relay's side). One receiver runs for the whole
# script while every scenario sends through it, and its interface is captured the whole time:
# it must send nothing. Prints "ok - name" or "not ok - name: why" per check.
#   sh tests/diode/run.sh BUILD_DIR
set -u
B=$(realpath "${1:?usage: run.sh BUILD_DIR}")
HERE=$(cd "$(dirname "$0")" && pwd)
SEND=$B/diode-send RECV=$B/diode-recv RELAY=$HERE/relay.py
[ "$(id -u)" = 0 ] || { echo "not ok - setup: run.sh needs root (network namespaces)"; exit 1; }
for f in "$SEND" "$RECV"; do [ -x "$f" ] || { echo "not ok - setup: $f not built (make $f)"; exit 1; }; done

. "$HERE/netns.sh"

mkdir -p "$W/inbox"
"$SEND" keygen "$W/site.key" 2>/dev/null && "$SEND" keygen "$W/wrong.key" 2>/dev/null ||
	{ nok setup "diode-send keygen failed"; exit 1; }

# capture everything the receiver's side puts on its link, for the whole run
ip netns exec "$NS_R" tcpdump -i "$V_R" -Q out -n -U -w "$W/out.pcap" >"$W/tcpdump.log" 2>&1 &
TCPDUMP=$!
PIDS="$PIDS $TCPDUMP"
for _ in $(seq 50); do grep -q "listening on" "$W/tcpdump.log" 2>/dev/null && break; sleep 0.1; done

ip netns exec "$NS_R" "$RECV" --key "$W/site.key" --max-size 100000000 --stall 5 --bind 10.231.2.2 "$PORT" "$W/inbox" \
	2>"$W/recv.log" &
RPID=$!
PIDS="$PIDS $RPID"
for _ in $(seq 50); do grep -q ": ready" "$W/recv.log" 2>/dev/null && break; sleep 0.1; done
grep -q ": ready" "$W/recv.log" || { nok setup "diode-recv did not start: $(tail -2 "$W/recv.log")"; exit 1; }

# counts FIELD: the receiver's running total of a counter (SIGUSR1 prints them)
counts() {
	kill -USR1 "$RPID" 2>/dev/null
	sleep 0.3
	grep 'counts:' "$W/recv.log" | tail -1 | tr ' ()' '\n\n\n' | sed -n "s/^$1=//p"
}

# send NAME FILE KEY ROUNDS TIMEOUT RELAY_ARGS...: runs relay and sender until NAME arrives in the
# inbox, the sender's rounds end, or TIMEOUT seconds pass; leaves the relay's counts in $W/relay.out
send() {
	name=$1 file=$2 key=$3 rounds=$4 timeout=$5
	shift 5
	ip netns exec "$NS_M" python3 "$RELAY" --listen 10.231.1.2:$RELAY_PORT --forward 10.231.2.2:$PORT --source 10.231.2.1 \
		"$@" >"$W/relay.out" 2>&1 &
	relay=$!
	sleep 0.3
	ip netns exec "$NS_S" "$SEND" --key "$key" --rate "$RATE" --rounds "$rounds" --name "$name" "$file" \
		10.231.1.2:$RELAY_PORT 2>"$W/send.log" &
	sender=$!
	t0=$(date +%s.%N)
	while kill -0 $sender 2>/dev/null && [ ! -e "$W/inbox/$name" ]; do
		[ "$(echo "$(date +%s.%N) - $t0 > $timeout" | bc 2>/dev/null || echo 0)" = 1 ] && break
		sleep 0.1
	done
	ELAPSED=$(echo "$(date +%s.%N) - $t0" | bc 2>/dev/null || echo "?")
	kill $sender 2>/dev/null
	wait $sender 2>/dev/null
	sleep 0.5 # what the relay still holds reaches the receiver while it listens
	kill $relay 2>/dev/null
	wait $relay 2>/dev/null
}

# arrives NAME FILE CHECK: the file is in the inbox, equal, with no part file left
arrives() {
	if [ ! -e "$W/inbox/$1" ]; then
		nok "$3" "$1 not delivered after ${ELAPSED}s; receiver: $(grep -v counts: "$W/recv.log" | tail -2 | tr '\n' ' ')"
	elif ! cmp -s "$2" "$W/inbox/$1"; then
		nok "$3" "$1 delivered but differs from what was sent"
	elif ls -A "$W/inbox" | grep -q '^\.diode-'; then
		nok "$3" "part file left: $(ls -A "$W/inbox" | tr '\n' ' ')"
	else
		ok "$3 (${ELAPSED}s, $(cat "$W/relay.out"))"
	fi
}

head -c $((8 << 20)) /dev/urandom >"$W/eight.bin"
command -v bc >/dev/null || { nok setup "bc not found"; exit 1; }

send l0.bundle "$W/eight.bin" "$W/site.key" 20 30 --seed 1 --reorder 5 --dup 5
arrives l0.bundle "$W/eight.bin" "8 MiB arrives intact at 0% loss with reordering and duplication"

send l5.bundle "$W/eight.bin" "$W/site.key" 20 40 --seed 2 --loss 5 --reorder 5 --dup 5
arrives l5.bundle "$W/eight.bin" "8 MiB arrives intact at 5% loss with reordering and duplication"

send l20.bundle "$W/eight.bin" "$W/site.key" 20 60 --seed 3 --loss 20 --reorder 5 --dup 5
arrives l20.bundle "$W/eight.bin" "8 MiB arrives intact at 20% loss with reordering and duplication"

tag0=$(counts tag) mal0=$(counts malformed)
send bad.bundle "$W/eight.bin" "$W/site.key" 20 40 --seed 4 --loss 2 --corrupt 3 --truncate 3 --reorder 2
tag1=$(counts tag) mal1=$(counts malformed)
arrives bad.bundle "$W/eight.bin" "8 MiB arrives intact through corrupted and truncated packets"
if [ $((tag1 - tag0)) -gt 0 ] && [ $((mal1 - mal0)) -gt 0 ]; then
	ok "corrupted and truncated packets are dropped and counted (tag $((tag1 - tag0)), malformed $((mal1 - mal0)))"
else
	nok "corrupted and truncated packets are dropped and counted" "tag +$((tag1 - tag0)), malformed +$((mal1 - mal0)); relay: $(cat "$W/relay.out")"
fi

head -c 300000 /dev/urandom >"$W/small.bin"
tag0=$(counts tag) del0=$(counts delivered)
send forged.bundle "$W/small.bin" "$W/wrong.key" 3 20
tag1=$(counts tag) del1=$(counts delivered)
relayed=$(sed -n 's/.* sent=\([0-9]*\).*/\1/p' "$W/relay.out")
if [ -e "$W/inbox/forged.bundle" ] || [ "$del1" != "$del0" ]; then
	nok "packets forged with a wrong key are all dropped" "something was delivered"
elif [ "$((tag1 - tag0))" != "$relayed" ] || [ "$relayed" -lt 100 ]; then
	nok "packets forged with a wrong key are all dropped" "relay sent $relayed, receiver dropped $((tag1 - tag0)) on the tag"
elif ls -A "$W/inbox" | grep -q '^\.diode-'; then
	nok "packets forged with a wrong key are all dropped" "a part file exists"
else
	ok "packets forged with a wrong key are all dropped ($relayed of $relayed on the tag), nothing delivered"
fi

fail0=$(counts failed)
send tampered.bundle "$W/small.bin" "$W/site.key" 3 20 --tamper-hash "$W/site.key"
fail1=$(counts failed)
if [ -e "$W/inbox/tampered.bundle" ]; then
	nok "a file whose content does not match its signed hash is refused" "tampered.bundle was delivered"
elif ! grep -q "tampered.bundle.*the packets claim.*part file removed, not delivered" "$W/recv.log"; then
	nok "a file whose content does not match its signed hash is refused" "no hash refusal in the log: $(tail -2 "$W/recv.log" | tr '\n' ' ')"
elif ls -A "$W/inbox" | grep -q '^\.diode-'; then
	nok "a file whose content does not match its signed hash is refused" "part file left: $(ls -A "$W/inbox" | tr '\n' ' ')"
elif [ "$((fail1 - fail0))" != 1 ]; then
	nok "a file whose content does not match its signed hash is refused" "failed transfers +$((fail1 - fail0)), want 1 (the carousel must not retry it)"
else
	ok "a file whose content does not match its signed hash is refused once, no part file left"
fi

head -c $((64 << 20)) /dev/urandom >"$W/big.bin"
RATE=$((RATE * 2)) send big.bundle "$W/big.bin" "$W/site.key" 10 90 --seed 5 --loss 5
arrives big.bundle "$W/big.bin" "64 MiB arrives intact at 5% loss"
rm -f "$W/big.bin" "$W/inbox/big.bundle"
hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$RPID/status")
if [ -n "$hwm" ] && [ "$hwm" -lt 16384 ]; then
	ok "the receiver's peak RSS stays under 16 MiB for the whole run, 64 MiB file included (VmHWM ${hwm} kB)"
else
	nok "the receiver's peak RSS stays under 16 MiB" "VmHWM ${hwm:-unknown} kB"
fi

# stop the receiver cleanly, then prove the capture sees what this side does send
kill -TERM "$RPID"
wait "$RPID"
rc=$?
if [ $rc = 0 ] && grep -q "stopping on SIGTERM" "$W/recv.log" && ! ls -A "$W/inbox" | grep -q '^\.diode-'; then
	ok "SIGTERM stops the receiver cleanly with no part file left"
else
	nok "SIGTERM stops the receiver cleanly" "exit $rc; $(tail -1 "$W/recv.log")"
fi
sleep 0.5
in_r python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"control", ("10.231.2.1", 9))'
sleep 1
kill -INT "$TCPDUMP"
wait "$TCPDUMP" 2>/dev/null
out=$(tcpdump -r "$W/out.pcap" -n 2>/dev/null)
nout=$(printf '%s\n' "$out" | grep -c .)
if [ "$nout" = 1 ] && printf '%s\n' "$out" | grep -q '10.231.2.2.* > 10.231.2.1.9: UDP'; then
	ok "the receiver's side sent zero packets during the whole run (the capture saw only the negative control)"
else
	nok "the receiver's side sent zero packets" "capture of $V_R -Q out has $nout packets, want only the control: $(printf '%s\n' "$out" | head -3 | tr '\n' ';')"
fi

# no sending call in the receiver's sources (the comment in diode_recv.c says why)
src=$(cd "$HERE/../../update/diode" && grep -nE '\b(connect|send|sendto|sendmsg|sendmmsg)[[:space:]]*\(' \
	diode_recv.c diode_rx.c diode_xfer.c diode_packet.c diode_key.c diode_fec.c diode_io.c diode_err.c)
if [ -z "$src" ]; then
	ok "no connect/send/sendto/sendmsg call in diode-recv's sources"
else
	nok "no connect/send/sendto/sendmsg call in diode-recv's sources" "$src"
fi
