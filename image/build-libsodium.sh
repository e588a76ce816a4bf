#!/bin/sh
# Build a static libsodium for musl from Debian's source package (Debian's libsodium.a is built for
# glibc and does not link with musl). Result: $1/include, $1/lib/libsodium.a. Cached: does nothing
# when $1/lib/libsodium.a exists.
set -eu
out=$(realpath -m "$1")
[ -f "$out/lib/libsodium.a" ] && exit 0
work="$out.src"
rm -rf "$work" && mkdir -p "$work"
cd "$work"
apt-get source -q --download-only libsodium >apt-source.log 2>&1 ||
	{ echo "libsodium: apt-get source libsodium failed (are deb-src entries set up?):" >&2; cat apt-source.log >&2; exit 1; }
# apt-get source checked the files against the signed archive index; dpkg-source's own check of
# the maintainer's signature warns (no Debian keyring here) but still checks the checksums.
dpkg-source -x libsodium_*.dsc src >dpkg-source.log 2>&1 ||
	{ echo "libsodium: dpkg-source -x failed:" >&2; cat dpkg-source.log >&2; exit 1; }
cd src
./autogen.sh -s >../autogen.log 2>&1 || { echo "libsodium: autogen.sh failed, see $work/autogen.log" >&2; exit 1; }
./configure -q CC=musl-gcc --disable-shared --enable-static --prefix="$out" >../configure.log 2>&1 ||
	{ echo "libsodium: configure failed, see $work/configure.log" >&2; exit 1; }
make -s -j"$(nproc)" >../make.log 2>&1 || { echo "libsodium: make failed, see $work/make.log" >&2; exit 1; }
make -s install >>../make.log 2>&1
rm -rf "$work"
