#!/bin/sh
# Run a test script as root inside User-mode Linux (Debian's user-mode-linux, kernel 6.1): a real
# Linux kernel with GPT partition scanning (PARTNAME in uevent), loop devices and vfat, which the
# host's kernel here may lack. The host's file system is the UML root, so the script sees the
# repository and the build tree at their host paths. Prints the script's output; exits with
# its status (111 if UML did not run it).
#   uml.sh WORK_DIR SCRIPT [ARGS...]
set -eu
work=$(cd "$1" && pwd)
script=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
shift 2
here=$(cd "$(dirname "$0")" && pwd)
uml=$(command -v linux.uml || true)
if [ -z "$uml" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "uml: installing user-mode-linux (Debian package)" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			user-mode-linux >/dev/null || true
	fi
	uml=$(command -v linux.uml || true)
	[ -n "$uml" ] || { echo "uml: linux.uml missing: apt-get install user-mode-linux" >&2; exit 111; }
fi
rm -f "$work/uml.rc"
# UML keeps its memory in a file under TMPDIR; hostfs root; console on our stdout.
TMPDIR=${TMPDIR:-/dev/shm} timeout 1800 "$uml" mem=${NUMEM:-1024M} root=/dev/root rootfstype=hostfs \
	rootflags=/ rw quiet ubd0=${NUDISK:-/dev/null} con=null con0=null,fd:1 ssl=null init="$here/uml-init.sh" \
	NUSCRIPT="$script" NUWORK="$work" -- "$@" </dev/null 2>&1 |
	grep -v -E '^(SELinux: |mmapper_init|Checking |Kernel panic|reboot: |sysrq: |\s*$|Linux version|Calibrating|random: |Attempted to relay unknown signal)' || true
[ -f "$work/uml.rc" ] || { echo "uml: the script did not finish (no $work/uml.rc)" >&2; exit 111; }
exit "$(cat "$work/uml.rc")"
