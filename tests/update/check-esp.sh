# Shell functions shared by the agent's UML tests (sourced): the ESP and slots of a disk as a
# boot would find them, checked with tools independent of the agent (the kernel's vfat, objcopy,
# veritysetup). Needs $DISK (/dev/loopN), $T (scratch directory) and $BUSYBOX. Few processes: every exec
# is slow under User-mode Linux.

# The device of the partition labelled $1 on $DISK.
part_dev() {
	for pd_u in /sys/class/block/"${DISK#/dev/}"p*/uevent; do
		pd_name="" pd_label=""
		while IFS== read -r pd_k pd_v; do
			case $pd_k in DEVNAME) pd_name=$pd_v ;; PARTNAME) pd_label=$pd_v ;; esac
		done < "$pd_u"
		[ "$pd_label" = "$1" ] && { echo "/dev/$pd_name"; return 0; }
	done
	return 1
}

# Blocks of hash tree veritysetup writes for $1 data blocks (levels of 128 digests per block).
hash_tree_blocks() {
	ht_n=$1 ht_total=0
	while [ "$ht_n" -gt 1 ]; do
		ht_n=$(( (ht_n + 127) / 128 ))
		ht_total=$((ht_total + ht_n))
	done
	[ "$ht_total" -gt 0 ] || ht_total=1
	echo "$ht_total"
}

# The slot's partition passes veritysetup verify with the verity parameters in UKI $1's .cmdline
# (the hash tree where the kernel table says it is: block HASH_START, no superblock read), and
# the UKI names no other slot. veritysetup runs once per distinct (parameters, bytes) pair: the
# bytes it reads (data blocks and hash tree) are hashed every time and the verdict for the same
# parameters and the same bytes is remembered in $T/verified (processes are slow under UML).
uki_slot_verifies() {
	cu_uki=$1 cu_slot=$2 cu_verity="" cu_named=""
	objcopy -O binary --only-section=.cmdline "$cu_uki" "$T/cmdline" 2>/dev/null ||
		{ echo "$cu_uki: no .cmdline"; return 1; }
	read -r cu_line < "$T/cmdline" || true
	for cu_w in $cu_line; do
		case $cu_w in
		node.verity=*) cu_verity=${cu_w#node.verity=} ;;
		node.slot=*) cu_named=${cu_w#node.slot=} ;;
		esac
	done
	[ -n "$cu_verity" ] || { echo "$cu_uki: no node.verity="; return 1; }
	[ -z "$cu_named" ] || [ "$cu_named" = "$cu_slot" ] ||
		{ echo "$cu_uki: entry of slot $cu_slot names node.slot=$cu_named"; return 1; }
	IFS=: read -r cu_blocks cu_start cu_root cu_salt <<VERITY
$cu_verity
VERITY
	cu_dev=$(part_dev "root-$cu_slot") || { echo "no partition root-$cu_slot"; return 1; }
	cu_end=$((cu_start + $(hash_tree_blocks "$cu_blocks")))
	cu_key="$cu_verity $(dd if="$cu_dev" bs=4096 count="$cu_end" iflag=direct status=none | sha256sum)"
	grep -qxF "$cu_key" "$T/verified" 2>/dev/null && return 0
	veritysetup verify "$cu_dev" "$cu_dev" "$cu_root" --no-superblock --format=1 --hash=sha256 \
		--data-block-size=4096 --hash-block-size=4096 --data-blocks="$cu_blocks" \
		--hash-offset=$((cu_start * 4096)) --salt="$cu_salt" >/dev/null 2>&1 ||
		{ echo "$cu_uki: slot $cu_slot ($cu_dev) fails veritysetup verify with root $cu_root"; return 1; }
	echo "$cu_key" >> "$T/verified"
	return 0
}

# Unmounts what a killed agent left mounted (as a reboot would), mounts the ESP read-only on
# $T/esp. umount is BusyBox's (plain umount(2)): util-linux's umount calls a mount that a
# killed process made "not mounted" under User-mode Linux.
esp_open() {
	if grep -q ' /run/nodeupdate/esp ' /proc/self/mountinfo; then
		"$BUSYBOX" umount /run/nodeupdate/esp || return 1
	fi
	mkdir -p "$T/esp"
	mount -t vfat -o ro "$(part_dev esp)" "$T/esp"
}

esp_close() {
	"$BUSYBOX" umount "$T/esp"
}

# sha256 of the ESP and both slot partitions, one line (read directly from the device).
disk_sums() {
	for ds_l in esp root-a root-b; do
		dd if="$(part_dev $ds_l)" bs=1M iflag=direct status=none | sha256sum | cut -c1-16
	done | tr '\n' ' '
}
