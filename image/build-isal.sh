#!/bin/sh
# Build a static ISA-L (Intel's storage acceleration library: the diode's Reed-Solomon erasure code)
# for musl from Debian's source package `libisal` (Debian ships only libisal.so, built for glibc).
# Result: $1/include (isa-l.h, isa-l/*.h), $1/lib/libisal.a. Cached: does nothing when
# $1/lib/libisal.a exists.
# This is the assembly build (nasm): the SIMD kernels are plain ELF objects that call no libc, and
# the C around them uses only what musl has, so musl-gcc links them as they are. The portable C
# build would be 5-10 times slower at ec_encode_data for nothing.
set -eu
out=$(realpath -m "$1")
[ -f "$out/lib/libisal.a" ] && exit 0
command -v nasm >/dev/null 2>&1 || { echo "isa-l: nasm not found (ISA-L's assembly needs it; run sh image/deps.sh as root)" >&2; exit 1; }
work="$out.src"
rm -rf "$work" && mkdir -p "$work"
cd "$work"
apt-get source -q --download-only libisal >apt-source.log 2>&1 ||
	{ echo "isa-l: apt-get source libisal failed (are deb-src entries set up?):" >&2; cat apt-source.log >&2; exit 1; }
# apt-get source checked the files against the signed archive index; dpkg-source's own check of
# the maintainer's signature warns (no Debian keyring here) but still checks the checksums.
dpkg-source -x libisal_*.dsc src >dpkg-source.log 2>&1 ||
	{ echo "isa-l: dpkg-source -x failed:" >&2; cat dpkg-source.log >&2; exit 1; }
cd src
./autogen.sh >../autogen.log 2>&1 || { echo "isa-l: autogen.sh failed, see $work/autogen.log" >&2; exit 1; }
./configure -q CC=musl-gcc --disable-shared --enable-static --prefix="$out" >../configure.log 2>&1 ||
	{ echo "isa-l: configure failed, see $work/configure.log" >&2; exit 1; }
make -s -j"$(nproc)" >../make.log 2>&1 || { echo "isa-l: make failed, see $work/make.log" >&2; exit 1; }
make -s install >>../make.log 2>&1 || { echo "isa-l: make install into $out failed, see $work/make.log" >&2; exit 1; }
[ -f "$out/lib/libisal.a" ] || { echo "isa-l: make install left no $out/lib/libisal.a" >&2; exit 1; }
rm -rf "$work"
