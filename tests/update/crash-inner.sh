# Inside UML (crash-injection.sh): N installs of mini-v2.bundle killed with SIGKILL at seeded random
# moments; after each, the ESP and slots are checked as a boot would find them.
#   crash-inner.sh BUILD_DIR FIXTURE_DIR RUN_DIR TRIALS SEED
set -u
b=$1 w=$2 run=$3 n=$4 seed=$5
T=/run/crash BUSYBOX=$w/bb/bin/busybox
mkdir -p "$T"
. "$(dirname "$0")/check-esp.sh"
DISK=$(losetup -fP --show "$run/disk.img") || { echo "losetup failed"; exit 111; }
udevadm settle 2>/dev/null || sleep 1
cp "$run/v2.bundle" "$T/v2.bundle"   # tmpfs: the test measures the agent, not hostfs
state=$T/state
nu() {
	"$b/nodeupdate" --disk "$DISK" --booted a --installed-version 1.0.0 \
		--keys "$w/keys/trusted" --state "$state" "$@"
}
esp_open || { echo "cannot mount the ESP"; exit 111; }
a_sum=$(sha256sum < "$T/esp/EFI/Linux/node-a.efi")
esp_close

passed=0 failed=0 with_b=0 without_b=0 finished=0 temps=0
# Checks the disk; prints why and returns 1 on the first violation.
check() {
	esp_open || { echo "ESP does not mount"; return 1; }
	rc=0 na=0 nb=0
	for f in "$T"/esp/EFI/Linux/*; do
		name=$(basename "$f")
		case $name in
		node-a*.efi) na=$((na + 1)); slot=a ;;
		node-b*.efi) nb=$((nb + 1)); slot=b ;;
		.nodeupdate-*) temps=$((temps + 1)); continue ;;
		*) echo "unexpected file $name"; rc=1; continue ;;
		esac
		uki_slot_verifies "$f" "$slot" || rc=1
	done
	[ "$na" = 1 ] && [ -f "$T/esp/EFI/Linux/node-a.efi" ] &&
		[ "$(sha256sum < "$T/esp/EFI/Linux/node-a.efi")" = "$a_sum" ] ||
		{ echo "slot a's entry node-a.efi is not there, not alone or changed"; rc=1; }
	[ "$nb" -le 1 ] || { echo "$nb entries for slot b"; rc=1; }
	if [ "$nb" = 1 ]; then with_b=$((with_b + 1)); else without_b=$((without_b + 1)); fi
	esp_close
	return $rc
}

# The length of an undisturbed install sets the range of the kill moments. timeout(1) starts the
# agent and kills it itself, so no process start of a separate sleep/kill blurs the moment.
# The quickest of three (the first runs on cold caches), so few trials outlive their kill.
ms=0
for k in 1 2 3; do
	t0=$(date +%s%N)
	nu install "$T/v2.bundle" >/dev/null 2>&1 ||
		{ echo "calibration install failed:"; nu install "$T/v2.bundle"; exit 1; }
	t1=$(date +%s%N)
	[ "$ms" != 0 ] && [ $(( (t1 - t0) / 1000000 )) -ge "$ms" ] || ms=$(( (t1 - t0) / 1000000 ))
done
check >/dev/null || { echo "calibration installs left a bad disk"; check; exit 1; }
echo "crash-injection: an undisturbed install takes ${ms} ms; killing at uniform moments in 1..$((ms * 11 / 10)) ms"
awk -v n="$n" -v s="$seed" -v ms="$ms" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.3f\n", (1 + rand() * ms * 1.1) / 1000 }' > "$T/delays"

i=0
while read -r d; do
	i=$((i + 1))
	timeout -s KILL "$d" "$b/nodeupdate" --disk "$DISK" --booted a --installed-version 1.0.0 \
		--keys "$w/keys/trusted" --state "$state" install "$T/v2.bundle" >"$T/out" 2>&1
	st=$?
	[ "$st" = 0 ] && finished=$((finished + 1))
	if check > "$T/why"; then
		passed=$((passed + 1))
		echo "ok - trial $i: killed after ${d}s (agent status $st), every entry boots a verified slot"
	else
		failed=$((failed + 1))
		echo "not ok - trial $i: killed after ${d}s (agent status $st): $(cat "$T/why")"
		sed 's/^/  agent: /' "$T/out" | tail -5
	fi
done < "$T/delays"

# A retry after all that converges: it rewrites everything and slot b ends complete.
if nu install "$T/v2.bundle" >"$T/out" 2>&1 && check >/dev/null && esp_open &&
   [ -f "$T/esp/EFI/Linux/node-b+3.efi" ] && esp_close; then
	passed=$((passed + 1))
	echo "ok - a final install after $n kills completes and slot b verifies"
else
	failed=$((failed + 1))
	echo "not ok - the final install after $n kills: $(tr '\n' ' ' < "$T/out")"
fi
echo "crash-injection: seed $seed; after the kill: $with_b with a slot-b entry (verified), $without_b without, $finished installs had finished, $temps temporary files left"
losetup -d "$DISK"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
