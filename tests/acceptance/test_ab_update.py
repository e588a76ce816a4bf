"""Signed A/B update from USB media on the real image: v1 (slot a) installs v2 from a second
virtual disk acting as a USB stick, reboots into v2 on slot b on trial, and blesses it."""
import os
import re

import images as I


def run(sc):
    disk = sc.disk_copy("debug")
    v2 = I.build_version(sc.build, os.path.join(sc.work, "v2"), "2.0.0")
    usb = I.usb_media(os.path.join(sc.work, "usb.img"), [v2])

    vm = sc.vm(disk, name="update", extra=I.usb_args(usb)).start()
    version, slot = vm.wait_ready(timeout=240)
    sc.equal("v1 boots from slot a", (version, slot), ("1.0.0", "a"))
    vm.wait_shell()
    # USB media appear when the bus scan finds them, which may be after ready: wait for the disk.
    rc, out = vm.sh("i=0; while [ ! -b /dev/sda ] && [ $i -lt 120 ]; do sleep 0.5; i=$((i+1)); done; "
                    "mkdir -p /run/usb && mount -t vfat -o ro,nosuid,nodev,noexec /dev/sda /run/usb && ls /run/usb",
                    timeout=120)
    sc.check("the USB media mounts read-only", rc == 0 and "node-2.0.0.bundle" in out, out)
    rc, out = vm.sh("nodeupdate install /run/usb/node-2.0.0.bundle 2>/tmp/install.err; r=$?; "
                    "tail -n 3 /tmp/install.err; test $r = 0", timeout=900)
    sc.check("nodeupdate installs v2 into slot b, to boot next on trial",
             rc == 0 and "installed 2.0.0 into slot b as node-b+3.efi" in out, out)
    vm.send("reboot\n")
    version, slot = vm.wait_ready(timeout=300)
    sc.equal("after reboot v2 runs from slot b", (version, slot), ("2.0.0", "b"))
    sc.check("v2's boot is a trial boot", re.search(r"^node: slot: b \(from stage 1\), trial boot", vm.text(), re.M),
             "no trial boot line")
    vm.wait_for(r"^node: service boot-ok: exited status (\d+)", 120)
    vm.wait_shell()
    rc, st = vm.sh("nodeupdate status")
    sc.check("v2 is blessed after its healthy boot (entry renamed to node-b.efi)",
             rc == 0 and re.search(r"^slot b: booted, version 2\.0\.0, entry node-b\.efi, good$", st, re.M), st)
    sc.check("blessing raised the anti-rollback floor to 2.0.0", re.search(r"^floor: 2\.0\.0", st, re.M), st)
    sc.check("slot a keeps v1 as the good fallback",
             re.search(r"^slot a: version 1\.0\.0, entry node-a\.efi, good$", st, re.M), st)
