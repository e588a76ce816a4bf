#!/bin/sh
# Install every build and test dependency from Debian's packages, and only what is missing.
# Run as root on Debian 12. Idempotent: a second run installs nothing and takes a second.
set -eu

PKGS="
gcc make libc6-dev linux-libc-dev binutils musl-tools
dpkg-dev autoconf automake libtool pkg-config
squashfs-tools cryptsetup-bin dosfstools mtools fdisk cpio e2fsprogs
xz-utils zstd kmod
systemd-boot-efi ovmf qemu-system-x86 qemu-utils
python3 ca-certificates
libsodium-dev minisign clang
user-mode-linux rauc dbus-daemon openssl time nftables
docker-registry apache2-utils
libcap2 libseccomp2 libgnutls30 libnettle8 libedit2
libisal-dev nasm udpcast tcpdump bc
prometheus curl
"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done

# deb-src entries are needed for `apt-get source libsodium` (musl build of libsodium).
srclist=/etc/apt/sources.list.d/node-appliance-src.sources
need_update=0
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
	cat > "$srclist" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	need_update=1
fi

if [ -n "$missing" ] || [ "$need_update" = 1 ] || [ ! -d /var/lib/apt/lists ] ||
   ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	[ -z "$missing" ] || apt-get install -y -q --no-install-recommends $missing
fi
# Packages whose service would listen on every interface of the machine, enabled by their install:
# docker-registry (the tests run their own registry on 127.0.0.1), prometheus (for promtool and the
# metrics scenario's own server on 127.0.0.1) and prometheus-node-exporter, its recommendation where
# recommends are installed. Keep them off where systemd runs services.
for svc in docker-registry prometheus prometheus-node-exporter; do
	if [ -d /run/systemd/system ] && systemctl -q is-enabled "$svc" 2>/dev/null; then
		systemctl disable --now "$svc" >/dev/null 2>&1 ||
			echo "deps: WARNING: could not disable the $svc service" >&2
	fi
done
