# Inside UML (scenarios.sh): the agent's commands through one update cycle on a copy of the real
# disk image with the real v2 bundle: install, what systemd-boot does on the trial boot, mark-good,
# rollback, status, the watch on a writable and on a read-only inbox.
#   scenarios-inner.sh BUILD_DIR FIXTURE_DIR RUN_DIR
set -u
b=$1 w=$2 run=$3
T=/run/scen BUSYBOX=$w/bb/bin/busybox
mkdir -p "$T"
. "$(dirname "$0")/check-esp.sh"
DISK=$(losetup -fP --show "$run/disk.img") || { echo "losetup failed"; exit 111; }
state=$T/state efi=$T/efivars
mkdir -p "$efi"
passed=0 failed=0
nu() {
	"$b/nodeupdate" --disk "$DISK" --keys "$w/keys/trusted" --state "$state" --efivars "$efi" "$@"
}
# expect EXIT TEXT DESCRIPTION -- COMMAND...: the command's exit code and that its output has TEXT
expect() {
	ex_code=$1 ex_text=$2 ex_what=$3
	shift 4
	"$@" > "$T/out" 2>&1
	ex_rc=$?
	if [ "$ex_rc" = "$ex_code" ] && grep -qF -- "$ex_text" "$T/out"; then
		passed=$((passed + 1))
		echo "ok - $ex_what"
	else
		failed=$((failed + 1))
		echo "not ok - $ex_what: exit $ex_rc (want $ex_code), output:"
		sed 's/^/    /' "$T/out" | grep -v '%' | tail -n 6
	fi
}
# check DESCRIPTION COMMAND...: a condition
check() {
	ck_what=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok - $ck_what"
	else
		failed=$((failed + 1))
		echo "not ok - $ck_what"
	fi
}
entries() {
	esp_open >/dev/null 2>&1 || { echo "(ESP does not mount)"; return; }
	ls "$T/esp/EFI/Linux" | tr '\n' ' '
	esp_close
}
# what systemd-boot does when it starts a counting entry: rename with one try less, set the
# volatile LoaderBootCountPath to the new name (UTF-16LE after 4 bytes of attributes)
sdboot_counts() {
	"$BUSYBOX" umount /run/nodeupdate/esp 2>/dev/null
	mkdir -p "$T/rw"
	mount -t vfat "$(part_dev esp)" "$T/rw" && mv "$T/rw/EFI/Linux/$1" "$T/rw/EFI/Linux/$2" &&
		"$BUSYBOX" umount "$T/rw" || return 1
	printf '\006\000\000\000' > "$efi/LoaderBootCountPath-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"
	printf '%s' "\\EFI\\Linux\\$2" | sed 's/./&\n/g' | while IFS= read -r c; do
		[ -n "$c" ] && printf '%s\000' "$c"
	done >> "$efi/LoaderBootCountPath-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"
	printf '\000\000' >> "$efi/LoaderBootCountPath-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"
}
slot_b_verifies() {
	esp_open >/dev/null 2>&1 || return 1
	sv_rc=1
	for f in "$T"/esp/EFI/Linux/node-b*.efi; do uki_slot_verifies "$f" b && sv_rc=0; done
	esp_close
	return $sv_rc
}
A="--booted a --installed-version 1.0.0"
B="--booted b --installed-version 2.0.0"

expect 0 "slot a: booted, version 1.0.0, entry node-a.efi, good" "status of a new node" -- nu $A status
expect 0 "installed 2.0.0 into slot b as node-b+3.efi" "install writes slot b and its trial entry" -- nu $A install "$run/v2.bundle"
check "slot b verifies with the root hash in node-b+3.efi (veritysetup)" slot_b_verifies
check "the entries are node-a.efi and node-b+3.efi" [ "$(entries)" = "node-a.efi node-b+3.efi " ]
expect 0 '"b":{"booted":false,"version":"2.0.0","version_error":null,"state":"trial","entries":["node-b+3.efi"],"tries_left":3' \
	"status --json shows slot b on trial with 3 tries" -- nu $A status --json
nu $A status --json > "$T/status.json" 2>&1
check "status --json is JSON" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$T/status.json"
expect 2 "slot b has no good boot entry" "rollback to a slot on trial is refused" -- nu $A rollback
expect 0 "not a counting boot" "mark-good on a boot that is not counting changes nothing" -- nu $A mark-good

check "systemd-boot's first boot of slot b (rename to +2-1, LoaderBootCountPath)" sdboot_counts node-b+3.efi node-b+2-1.efi
expect 0 "trial boot (node-b+2-1.efi)" "status on the trial boot" -- nu $B status
expect 2 "is on trial" "install on a trial boot is refused (slot a is its fallback)" -- nu $B install "$run/v2.bundle"
expect 0 "slot b blessed: node-b+2-1.efi -> node-b.efi; floor 2.0.0" "boot-ok blesses the trial boot and raises the floor" -- nu $B boot-ok
check "the entries are node-a.efi and node-b.efi" [ "$(entries)" = "node-a.efi node-b.efi " ]
expect 0 "already blessed" "mark-good again in the same boot changes nothing" -- nu $B mark-good
check "the floor is 2.0.0 in the state file" grep -qx "floor 2.0.0" "$state/state"

rm -f "$efi"/*
expect 0 "slot b marked bad (node-b.efi -> node-b+0-1.efi)" "rollback marks the booted slot bad" -- nu $B rollback
expect 0 "already marked bad" "rollback again changes nothing" -- nu $B rollback
check "the entries are node-a.efi and node-b+0-1.efi" [ "$(entries)" = "node-a.efi node-b+0-1.efi " ]
# rollback itself recorded the rolled-back version: boot-ok (run at every boot) has nothing to say
check "boot-ok on slot a after the rollback exits 0 and says nothing" [ -z "$(nu $A boot-ok 2>&1)" ]
expect 0 "not a counting boot: nothing to bless" "mark-good by hand on a blessed boot says there is nothing to bless" -- nu $A mark-good
expect 0 "rolled back: version 2.0.0" "status records the rollback" -- nu $A status
expect 0 "bad (1 tries done" "status shows slot b bad" -- nu $A status
expect 2 "below the anti-rollback floor 2.0.0" "the floor stays after a rollback" -- nu $A install "$run/1.5.0.bundle"

# The watch on a writable inbox: installed bundles go to .done, rejected ones to .rejected with
# a why-file. state: floor 2.0.0, so the v2 bundle is still acceptable (2.0.0 >= floor).
in=$T/inbox
mkdir -p "$in"
cp "$run/v2.bundle" "$in/node-2.0.0.bundle"
head -c 100000 "$run/v2.bundle" > "$in/broken.bundle"
nu $A watch "$in" > "$T/watch.out" 2>&1 &
wpid=$!
for i in $(seq 1 60); do
	[ -f "$in/.done/node-2.0.0.bundle" ] && [ -f "$in/.rejected/broken.bundle.why" ] && break
	sleep 1
done
kill "$wpid" 2>/dev/null; wait "$wpid" 2>/dev/null
check "watch installed node-2.0.0.bundle and moved it to .done" [ -f "$in/.done/node-2.0.0.bundle" ]
check "watch moved broken.bundle to .rejected with a why-file" grep -q "truncated" "$in/.rejected/broken.bundle.why"
check "slot b verifies after the watch installed it" slot_b_verifies

# The watch on read-only media: nothing moves; sha256s and why-files go to the state directory,
# and a second watch does not touch them again.
ro=$T/usb
mkdir -p "$ro"
mount -t tmpfs usb "$ro"
cp "$run/mini-v2.bundle" "$ro/node-mini.bundle"
head -c 5000 "$run/v2.bundle" > "$ro/short.bundle"
mount -o remount,ro "$ro"
nu $A watch "$ro" > "$T/watch2.out" 2>&1 &
wpid=$!
for i in $(seq 1 60); do
	[ "$(wc -l < "$state/seen" 2>/dev/null)" -ge 4 ] 2>/dev/null && break
	sleep 1
done
kill "$wpid" 2>/dev/null; wait "$wpid" 2>/dev/null
check "read-only inbox: both bundles are remembered in the state directory" [ "$(grep -c . "$state/seen")" -ge 4 ]
check "read-only inbox: the why-file is in the state directory" grep -q "truncated" "$state"/rejected/*.why
check "read-only inbox: the mini bundle installed" grep -q "installed 2.0.0" "$T/watch2.out"
nu $A watch "$ro" > "$T/watch3.out" 2>&1 &
wpid=$!
sleep 7
kill "$wpid" 2>/dev/null; wait "$wpid" 2>/dev/null
check "a second watch skips both (handled before)" [ "$(grep -c 'handled before' "$T/watch3.out")" = 2 ]
"$BUSYBOX" umount "$ro"
expect 0 "last install: ok, version 2.0.0" "status after the watch" -- nu $A status
losetup -d "$DISK"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
