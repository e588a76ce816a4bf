#!/bin/sh
# Assemble the GPT disk image: ESP, root-a (given payload), root-b (empty), data (blank: init
# formats it on first boot). Fixed GUIDs so the same inputs give the same bytes; an installer
# (later) gives each real node its own.
# With NODE_KEY, data is made here instead, an ext4 holding lib/node/node.key (mode 0600) for
# /var: the development disk's node key, which opens the image's sealed secrets.
#   build-disk.sh OUT.img ESP.img ROOT_A.img [NODE_KEY]
set -eu
out=$1 esp=$2 roota=$3 nodekey=${4:-}
MiB=1048576
esp_mib=128 root_mib=512 data_mib=256
esp_sz=$(stat -c %s "$esp") root_sz=$(stat -c %s "$roota")
[ "$esp_sz" -le $((esp_mib * MiB)) ] || { echo "build-disk: ESP image $esp is larger than $esp_mib MiB" >&2; exit 1; }
[ "$root_sz" -le $((root_mib * MiB)) ] || { echo "build-disk: root image $roota ($root_sz bytes) does not fit a $root_mib MiB slot" >&2; exit 1; }
total=$((1 + esp_mib + 2 * root_mib + data_mib + 1))
rm -f "$out"
truncate -s $((total * MiB)) "$out"
s=2048 # sectors per MiB
sfdisk -q --no-reread --no-tell-kernel "$out" <<GPT
label: gpt
label-id: 6E6F6465-0000-4000-8000-000000000000
unit: sectors
first-lba: 2048
start=$((1 * s)), size=$((esp_mib * s)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=6E6F6465-0001-4000-8000-000000000001, name="esp"
start=$(((1 + esp_mib) * s)), size=$((root_mib * s)), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=6E6F6465-0002-4000-8000-000000000002, name="root-a"
start=$(((1 + esp_mib + root_mib) * s)), size=$((root_mib * s)), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=6E6F6465-0003-4000-8000-000000000003, name="root-b"
start=$(((1 + esp_mib + 2 * root_mib) * s)), size=$((data_mib * s)), type=4D21B016-B534-45C2-A9FB-5C16E091FD2D, uuid=6E6F6465-0004-4000-8000-000000000004, name="data"
GPT
dd if="$esp" of="$out" bs=$MiB seek=1 conv=notrunc,sparse status=none
dd if="$roota" of="$out" bs=$MiB seek=$((1 + esp_mib)) conv=notrunc,sparse status=none
if [ -n "$nodekey" ]; then
	: "${SOURCE_DATE_EPOCH:?}"
	t=$(mktemp -d)
	trap 'rm -rf "$t"' EXIT
	mkdir -p "$t/tree/lib/node"
	install -m 0600 "$nodekey" "$t/tree/lib/node/node.key"
	# every mode set here: the builder's umask must not reach the image
	chmod 0755 "$t/tree" "$t/tree/lib"
	chmod 0700 "$t/tree/lib/node"
	find "$t/tree" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	truncate -s "${data_mib}M" "$t/data.img"
	# the same options as init's first-boot mke2fs, plus fixed ids and times (reproducible)
	E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH mke2fs -q -F -t ext4 -L data \
		-U 6e6f6465-0005-4000-8000-000000000005 \
		-E lazy_itable_init=0,root_owner=0:0,hash_seed=6e6f6465-0006-4000-8000-000000000006 \
		-d "$t/tree" "$t/data.img" "${data_mib}M" ||
		{ echo "build-disk: mke2fs could not make the data filesystem with $nodekey" >&2; exit 1; }
	# mke2fs 1.47.0 fakes the time of what it makes itself, but gives the inodes it copies in
	# with -d the real change time: set it, and zero the nanoseconds, for each of them.
	for p in /lib /lib/node /lib/node/node.key; do
		printf 'sif %s ctime @%s
sif %s ctime_extra 0
sif %s atime_extra 0
sif %s mtime_extra 0
sif %s crtime @%s
sif %s crtime_extra 0
' \
			"$p" "$SOURCE_DATE_EPOCH" "$p" "$p" "$p" "$p" "$SOURCE_DATE_EPOCH" "$p"
	done > "$t/times.debugfs"
	# debugfs says what it could not do on stderr (after its banner), and exits 0 all the same
	debugfs -w -f "$t/times.debugfs" "$t/data.img" >/dev/null 2>"$t/debugfs.err" &&
		! grep -v '^debugfs [0-9]' "$t/debugfs.err" | grep -q . ||
		{ echo "build-disk: debugfs could not set the data filesystem's times: $(grep -v '^debugfs [0-9]' "$t/debugfs.err" | head -3)" >&2; exit 1; }
	dd if="$t/data.img" of="$out" bs=$MiB seek=$((1 + esp_mib + 2 * root_mib)) conv=notrunc,sparse status=none
fi
