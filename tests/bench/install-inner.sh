# Inside UML (install.sh): ROUNDS rounds of nodeupdate install, dd+fsync and rauc install of the
# same root payload into the same partition (root-b), alternating. Sources live on tmpfs, copied
# in before and removed after each run, so the runs read memory and write the loop partition.
#   install-inner.sh BUILD_DIR FIXTURE_DIR BENCH_DIR ROUNDS
set -u
b=$1 w=$2 d=$3 rounds=$4
T=/run/bench BUSYBOX=$w/bb/bin/busybox
mkdir -p "$T"
. "$(dirname "$0")/../update/check-esp.sh"
m=/usr/lib/uml/modules/$(uname -r)/kernel
for k in fs/squashfs/squashfs.ko; do   # for RAUC's bundle; zstd is built in
	[ -f "$m/$k" ] && insmod "$m/$k" 2>/dev/null
done
DISK=$(losetup -fP --show "$d/disk.img") || { echo "losetup failed"; exit 111; }
slot_a=$(part_dev root-a) && slot_b=$(part_dev root-b) || { echo "no root-a/root-b on $DISK"; exit 111; }
bytes=$(stat -c %s "$d/root.img")
state=$T/state

# RAUC's service on a private system bus, the slots raw
. "$(dirname "$0")/rauc-env.sh"
rauc_env "$T" "$d/rauc.cert" "$slot_a" "$slot_b" || exit 111

# A fresh service for every install, as a node that installs once per boot has: the service
# grew slower from one install to the next when kept running (9.7 s, then 42 s, then 67 s).
rauc_start() {
	/usr/bin/time -f '%M' -a -o "$T/rauc.rss" rauc --mount="$T/rauc-mnt" -c "$T/system.conf" \
		service --override-boot-slot=A >> "$T/rauc-service.log" 2>&1 &
	rauc_pid=$!
	i=0
	while ! rauc --mount="$T/rauc-mnt" -c "$T/system.conf" status >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "the RAUC service did not come up:"; cat "$T/rauc-service.log"; exit 111; }
		sleep 0.2
	done
}
# TERM the service itself, not time(1) above it, which then appends its peak RSS
rauc_stop() {
	pkill -TERM -P "$rauc_pid"
	wait "$rauc_pid" 2>/dev/null
}

now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

run_nodeupdate() {
	cp "$d/node.bundle" "$T/node.bundle"
	rm -rf "$state"
	sync; echo 3 > /proc/sys/vm/drop_caches
	t0=$(now)
	/usr/bin/time -f '%M' -o "$T/nu.rss" "$b/nodeupdate" --disk "$DISK" --booted a \
		--installed-version 1.0.0 --keys "$w/keys/trusted" --state "$state" \
		install "$T/node.bundle" > "$T/nu.out" 2>&1 || { echo "nodeupdate install failed:"; cat "$T/nu.out"; exit 1; }
	t1=$(now)
	cp "$T/nu.out" "$d/nodeupdate.out"   # its progress lines: MiB/s of each pass
	rm -f "$T/node.bundle"
	echo "nodeupdate $(secs "$t0" "$t1") $(cat "$T/nu.rss")" >> "$T/times"
}

run_raw() {
	cp "$d/root.img" "$T/root.img"
	sync; echo 3 > /proc/sys/vm/drop_caches
	t0=$(now)
	dd if="$T/root.img" of="$slot_b" bs=1M conv=fsync status=none || { echo "dd failed"; exit 1; }
	t1=$(now)
	rm -f "$T/root.img"
	echo "raw $(secs "$t0" "$t1") -" >> "$T/times"
}

run_rauc() {
	rauc_start
	cp "$d/rauc.raucb" "$T/rauc.raucb"
	sync; echo 3 > /proc/sys/vm/drop_caches
	t0=$(now)
	rauc --mount="$T/rauc-mnt" -c "$T/system.conf" install "$T/rauc.raucb" > "$T/rauc.out" 2>&1 ||
		{ echo "rauc install failed:"; cat "$T/rauc.out"; tail -5 "$T/rauc-service.log"; exit 1; }
	t1=$(now)
	rm -f "$T/rauc.raucb"
	rauc_stop
	echo "rauc $(secs "$t0" "$t1") -" >> "$T/times"
}

: > "$T/times"
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	# rotate the order, so no method always follows the same one
	case $((r % 3)) in
	1) run_nodeupdate; run_raw; run_rauc ;;
	2) run_raw; run_rauc; run_nodeupdate ;;
	0) run_rauc; run_nodeupdate; run_raw ;;
	esac
	echo "round $r: $(tail -n 3 "$T/times" | tr '\n' ' ')"
done
kill "$(cat "$T/bus.pid")" 2>/dev/null
# the slot as the last nodeupdate round left it is not checked here: the tests do that
losetup -d "$DISK"
awk -v bytes="$bytes" -v rauc_rss="$(sort -n "$T/rauc.rss" 2>/dev/null | tail -n 1)" '
	{ t[$1] = t[$1] " " $2; n[$1]++; if ($3 != "-" && $3 > rss) rss = $3 }
	function median(list,   a, k, i, j, x) {
		k = split(list, a, " ")
		for (i = 2; i <= k; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	END {
		mib = bytes / 1048576
		nu = median(t["nodeupdate"]); raw = median(t["raw"]); ra = median(t["rauc"])
		printf "payload: %.1f MiB (root.img: squashfs + verity tree), %d rounds, medians:\n", mib, n["raw"]
		printf "  nodeupdate install  %6.2f s  %6.1f MiB/s  (verify pass, write + hash, fsync, read-back)\n", nu, mib / nu
		printf "  raw dd + fsync      %6.2f s  %6.1f MiB/s\n", raw, mib / raw
		printf "  rauc install        %6.2f s  %6.1f MiB/s  (plain bundle, raw slot)\n", ra, mib / ra
		printf "ratios (time): nodeupdate / raw = %.2f, nodeupdate / rauc = %.2f\n", nu / raw, nu / ra
		printf "peak RSS: nodeupdate %d KiB; RAUC service %s KiB (the most of its runs)\n", rss, rauc_rss
	}' "$T/times"
