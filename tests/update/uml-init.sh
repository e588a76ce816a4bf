#!/bin/sh
# PID 1 inside User-mode Linux (see uml.sh): the host's file system is the root (hostfs), so the
# host's tools and the build tree are here (host /tmp too); /dev, /proc, /sys and /run are the
# UML kernel's own. Loads what the agent's tests need (loop, vfat), runs the script named by
# NUSCRIPT with the arguments after "--", leaves its exit status in $NUWORK/uml.rc, powers off.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
mount -t proc proc /proc
mount -t sysfs sys /sys
mountpoint -q /dev || mount -t devtmpfs dev /dev
mount -t tmpfs -o mode=0755 run /run
m=/usr/lib/uml/modules/$(uname -r)/kernel
for k in drivers/block/loop.ko fs/fat/fat.ko fs/fat/vfat.ko fs/nls/nls_cp437.ko \
	fs/nls/nls_iso8859-1.ko fs/nls/nls_ascii.ko; do
	[ -f "$m/$k" ] && insmod "$m/$k" 2>/dev/null
done
# UML appends console=... to the arguments after "--": drop it
for a in "$@"; do
	shift
	case $a in console=*) ;; *) set -- "$@" "$a" ;; esac
done
rc=111
if [ -n "${NUSCRIPT:-}" ] && [ -n "${NUWORK:-}" ]; then
	cd "$NUWORK" && sh "$NUSCRIPT" "$@"
	rc=$?
	echo "$rc" > "$NUWORK/uml.rc"
fi
sync
echo o > /proc/sysrq-trigger
halt -f -p
