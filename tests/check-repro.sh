#!/bin/sh
# Build the production image a second time, from the same inputs, in another directory, and compare
# root image, UKI and disk image byte for byte. Prints the sha256s; exits 1 if any differ.
#   check-repro.sh BUILD_DIR
set -eu
b=$1
make --no-print-directory B="$b" DEBUG=0 "$b/prod/disk.img" >/dev/null
rm -rf "$b/repro"
# Same inputs: the same packages, kernel, init and sources, and the build time the first build used.
SOURCE_DATE_EPOCH=$(cat "$b/prod/source-date-epoch")
export SOURCE_DATE_EPOCH
# A different umask, time zone and locale must not leak into the bytes.
(umask 077; TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 sh image/build-image.sh "$b/repro" "$(cat "$b/prod/version")" 0 "$b" >/dev/null)
status=0
for f in root.img uki.efi disk.img; do
	a=$(sha256sum "$b/prod/$f" | cut -c1-64) c=$(sha256sum "$b/repro/$f" | cut -c1-64)
	if [ "$a" = "$c" ]; then echo "repro: $f $a identical"; else echo "repro: $f differs: $a vs $c"; status=1; fi
done
rm -rf "$b/repro"
exit $status
