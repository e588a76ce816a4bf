#!/bin/sh
# RAUC on the host's own kernel (install.sh runs it after the UML rounds): the same plain bundle
# into a file-backed raw slot, alternating with dd + fsync of the same bytes into a file beside
# it. Why: RAUC copies in 8 KiB reads and writes with a poll(2) for each (strace), and every
# system call is slow under User-mode Linux, so the UML figure is mostly UML's price, not RAUC's.
# The ratio to dd here is RAUC's cost where system calls are cheap.
#   sh tests/bench/rauc-host.sh BENCH_DIR ROUNDS
set -eu
d=$(cd "$1" && pwd) rounds=$2
T=$(mktemp -d /tmp/node-bench-rauc.XXXXXX)
bus_pid=""
svc_pid=""
cleanup() {
	[ -z "$svc_pid" ] || kill "$svc_pid" 2>/dev/null || true
	[ -z "$bus_pid" ] || kill "$bus_pid" 2>/dev/null || true
	rm -rf "$T" "$d/host-slot-a" "$d/host-slot-b" "$d/host-raw"
}
trap cleanup EXIT
truncate -s 320M "$d/host-slot-a" "$d/host-slot-b"
. "$(dirname "$0")/rauc-env.sh"
rauc_env "$T" "$d/rauc.cert" "$d/host-slot-a" "$d/host-slot-b" || exit 1
bus_pid=$(cat "$T/bus.pid")
rauc --mount="$T/rauc-mnt" -c "$T/system.conf" service --override-boot-slot=A > "$T/service.log" 2>&1 &
svc_pid=$!
i=0
while ! rauc --mount="$T/rauc-mnt" -c "$T/system.conf" status >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "the RAUC service did not come up:"; cat "$T/service.log"; exit 1; }
	sleep 0.2
done
now() { date +%s%N; }
: > "$T/times"
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	for m in raw rauc; do
		[ $((r % 2)) = 1 ] || m=$([ $m = raw ] && echo rauc || echo raw)
		sync
		t0=$(now)
		if [ $m = raw ]; then
			dd if="$d/root.img" of="$d/host-raw" bs=1M conv=fsync status=none
		else
			rauc --mount="$T/rauc-mnt" -c "$T/system.conf" install "$d/rauc.raucb" > "$T/out" 2>&1 ||
				{ echo "rauc install failed:"; cat "$T/out"; exit 1; }
		fi
		t1=$(now)
		echo "$m $(( (t1 - t0) / 1000000 ))" >> "$T/times"
	done
done
cmp -s -n "$(stat -c %s "$d/root.img")" "$d/root.img" "$d/host-slot-b" ||
	{ echo "RAUC's slot does not hold the payload"; exit 1; }
awk '
	{ t[$1] = t[$1] " " $2 }
	function median(list,   a, k, i, j, x) {
		k = split(list, a, " ")
		for (i = 2; i <= k; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	END {
		raw = median(t["raw"]) / 1000; ra = median(t["rauc"]) / 1000
		printf "host kernel, file-backed slot: raw dd + fsync %.2f s, rauc install %.2f s; rauc / raw = %.2f\n", raw, ra, ra / raw
	}' "$T/times"
