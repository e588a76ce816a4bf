# Inside UML (bad-bundles.sh): every bundle of the corpus is refused by nodeupdate install with
# the documented exit code and an error that names the bundle and says why, and the ESP and both
# slots hold the same bytes before and after. Slot b holds v2 with its trial entry first, so a
# bad bundle has something to destroy.
#   bad-inner.sh BUILD_DIR FIXTURE_DIR RUN_DIR   (corpus in RUN_DIR/bad)
set -u
b=$1 w=$2 run=$3 c=$3/bad
T=/run/bad BUSYBOX=$w/bb/bin/busybox
mkdir -p "$T"
. "$(dirname "$0")/check-esp.sh"
DISK=$(losetup -fP --show "$run/disk.img") || { echo "losetup failed"; exit 111; }
state=$T/state
nu() {
	"$b/nodeupdate" --disk "$DISK" --booted a --installed-version 1.0.0 \
		--keys "$w/keys/trusted" --state "$state" "$@"
}
passed=0 failed=0
if nu install "$run/good.bundle" > "$T/out" 2>&1; then
	passed=$((passed + 1))
	echo "ok - the good bundle installs into slot b first"
else
	echo "not ok - the good bundle does not install:"; cat "$T/out"; exit 1
fi
before=$(disk_sums)
echo "bad-bundles: ESP, root-a, root-b before: $before"
while IFS='|' read -r f code text floor; do
	rm -rf "$state"
	mkdir -p "$state"
	[ "$floor" = - ] || printf 'nodeupdate-state 1\nfloor %s\n' "$floor" > "$state/state"
	nu install "$c/$f" > "$T/out" 2> "$T/err"
	rc=$?
	msg=$(grep -v '^nodeupdate: [a-z ]* slot [ab]: *[0-9]*% (' "$T/err" | tail -n 1)
	after=$(disk_sums)
	why=""
	[ "$rc" = "$code" ] || why="$why; exit $rc, want $code"
	case $msg in "nodeupdate: bundle $c/$f: "?*) ;; *) why="$why; the error does not name the bundle" ;; esac
	[ -z "$text" ] || case $msg in *"$text"*) ;; *) why="$why; the error does not say \"$text\"" ;; esac
	[ "$after" = "$before" ] || why="$why; the disk changed: $after"
	if [ -z "$why" ]; then
		passed=$((passed + 1))
		echo "ok - $f: exit $rc: ${msg#nodeupdate: bundle $c/$f: }"
	else
		failed=$((failed + 1))
		echo "not ok - $f:${why#;} [$msg]"
	fi
done < "$c/cases.txt"
losetup -d "$DISK"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
