"""Signed A/B updates on the real image, one node through its life, USB sticks hot-plugged:
  1. v1 (slot a) finds v2 on a USB stick (nodeupdate watch), installs it into slot b; after a
     reboot v2 runs on trial, passes its health check and is blessed.
  2. v3.0.0, whose health check fails (a service that keeps crashing), is tried at most 3 times
     by systemd-boot's counting and the node comes back to v2 by itself; the log of each failed
     trial boot is on /var/log/node, saying why.
  3. v3.0.1, whose kernel panics, the same.
  4. QEMU killed in the middle of an install: v2 still boots.
Nobody touches the node between the reboot and v2's return but the firmware and the boot loader."""
import os
import re

import images as I

# systemd-boot's boot counting: the new entry is tried this many times (node-X+3.efi)
TRIES = 3


INSTALLED = r"(?:^|# )installed (\S+) into slot (\S) as (\S+): it boots next, on trial$"


def watch_installs(vm):
    """What the watch service did with the stick: (version, slot, entry), or the error line."""
    m = vm.wait_for(INSTALLED + r"|(?:^|# )nodeupdate: .*$", 600)
    while m.group(1) is None and ("% (" in m.group(0) or " waits: " in m.group(0)):  # progress, retries
        m = vm.wait_for(INSTALLED + r"|(?:^|# )nodeupdate: .*$", 600)
    return m.groups() if m.group(1) else (m.group(0),)


def status(vm):
    rc, st = vm.sh("nodeupdate status")
    return st if rc == 0 else "nodeupdate status failed (%d): %s" % (rc, st)


def come_back_to_v2(sc, vm, bad_version, why_pattern, what):
    """After `reboot`: the bad version fails each trial boot; counts its boots until v2 is ready."""
    tries = 0
    failures = []
    while True:
        m = vm.wait_for(r"(?:^|# )node: ready: version=(\S+) slot=(\S)|%s" % why_pattern, 420)
        if m.group(1) is None:      # the failure showed before (or instead of) a ready line
            tries += 1
            failures.append(m.group(0).strip())
            if tries > TRIES + 1:
                break
            continue
        if m.group(1) == bad_version:
            continue                # it may reach ready before its health check fails
        break
    sc.equal("%s: back on v2 in slot b with no help" % what, (m.group(1), m.group(2)), ("2.0.0", "b"))
    sc.check("%s: %s tried %d times (systemd-boot's count), not more" % (what, bad_version, TRIES),
             tries == TRIES, "%d failed boots: %s" % (tries, failures))
    return failures


def run(sc):
    disk = sc.disk_copy("debug")
    v2 = I.build_version(sc.build, version="2.0.0")
    sick = I.build_version(sc.build, version="3.0.0", overlay="unhealthy")
    panic = I.panicking_bundle(sc.build, sick, "3.0.1")
    stick2 = I.usb_media(os.path.join(sc.work, "stick-v2.img"), [v2])
    stick3 = I.usb_media(os.path.join(sc.work, "stick-v3.0.0.img"), [sick])
    stick4 = I.usb_media(os.path.join(sc.work, "stick-v3.0.1.img"), [panic])

    # -- 1. v1 -> v2 from a USB stick, by the watch service -----------------------------------
    vm = sc.vm(disk, name="update", extra=I.usb_args(stick2, "s2")).start()
    version, slot = vm.wait_ready(timeout=240)
    sc.equal("v1 boots from slot a", (version, slot), ("1.0.0", "a"))
    m = vm.wait_for(r"(?:^|# )watch: /dev/(sd\w+) \(vfat\) mounted read-only, nosuid, nodev, noexec on (\S+)$", 240)
    media = m.group(2)
    got = watch_installs(vm)
    sc.equal("watch installs v2 from the stick into slot b under a counting name",
             got, ("2.0.0", "b", "node-b+3.efi"))
    vm.wait_shell()
    rc, mounts = vm.sh("grep ' %s ' /proc/mounts" % media)
    sc.check("the stick is mounted read-only, nosuid, nodev, noexec",
             rc == 0 and all(re.search(r"\b%s\b" % o, mounts) for o in ("ro", "nosuid", "nodev", "noexec")), mounts)
    vm.send("reboot\n")
    version, slot = vm.wait_ready(timeout=300)
    sc.equal("after reboot v2 runs from slot b", (version, slot), ("2.0.0", "b"))
    sc.check("v2's boot is a trial boot", re.search(r"^node: slot: b \(from stage 1\), trial boot", vm.text(), re.M),
             "no trial boot line")
    vm.wait_for(r"(?:^|# )node: health: every service up, none restarted", 120)
    vm.wait_for(r"(?:^|# )node: service boot-ok: exited status (\d+)", 120)
    m = vm.wait_for(r"(?:^|# )nodeupdate: watch: \S+/node-2\.0\.0\.bundle: handled before \(same sha256\), skipped$", 120)
    sc.check("the stick left in does not install v2 again", m, "")
    vm.wait_shell()
    st = status(vm)
    sc.check("v2 is blessed after its healthy boot (entry renamed to node-b.efi)",
             re.search(r"^slot b: booted, version 2\.0\.0, entry node-b\.efi, good$", st, re.M), st)
    sc.check("blessing raised the anti-rollback floor to 2.0.0", re.search(r"^floor: 2\.0\.0", st, re.M), st)
    sc.check("slot a keeps v1 as the good fallback",
             re.search(r"^slot a: version 1\.0\.0, entry node-a\.efi, good$", st, re.M), st)

    # -- 2. v3.0.0 fails its health check: rolled back by the boot counter ---------------------
    I.usb_unplug(vm, "s2")
    I.usb_plug(vm, stick3, "s3")
    got = watch_installs(vm)
    sc.equal("a hot-plugged stick with v3.0.0 is installed into slot a", got, ("3.0.0", "a", "node-a+3.efi"))
    vm.send("reboot\n")
    fails = come_back_to_v2(sc, vm, "3.0.0", r"(?:^|# )node: FAIL health: .*$", "unhealthy v3.0.0")
    sc.check("each failed trial names the crashing service",
             fails and all("service crasher" in f for f in fails[:TRIES]), fails)
    vm.wait_for(r"(?:^|# )slot a's version 3\.0\.0 did not stay: recorded as rolled back$", 180)
    vm.wait_for(r"(?:^|# )nodeupdate: watch: \S+/node-3\.0\.0\.bundle: handled before \(same sha256\), skipped$", 120)
    vm.wait_shell()
    st = status(vm)
    sc.check("status shows slot a's v3.0.0 as bad and v2 booted",
             re.search(r"^slot a: version 3\.0\.0, entry node-a\+0-3\.efi, bad ", st, re.M) and
             re.search(r"^slot b: booted, version 2\.0\.0, entry node-b\.efi, good$", st, re.M), st)
    sc.check("status reports v3.0.0 as rolled back", re.search(r"^rolled back: version 3\.0\.0,", st, re.M), st)
    sc.check("the floor stayed at 2.0.0", re.search(r"^floor: 2\.0\.0", st, re.M), st)
    # the logs of the failed trials (nodelog): an operator can read why v3.0.0 was rolled back
    rc, out = vm.sh("grep -l 'version 3.0.0 on slot a, trial boot' /var/log/node/boot-*.000000.log")
    failed = out.split()
    sc.check("the log of each failed trial boot of v3.0.0 is on /var/log/node (%d)" % len(failed),
             len(failed) == TRIES, out)
    out = vm.must("cat %s | grep -E 'node: (FAIL health|shutdown)'" % failed[-1].replace(".000000.log", ".*.log")) \
        if failed else ""
    sc.check("... and says why: FAIL health (user.warning) naming the crashing service, then the reboot",
             re.search(r" user\.warning node: FAIL health: .*service crasher", out) and re.search(r"node: shutdown: ", out), out[-600:])

    # -- 3. v3.0.1's kernel panics: rolled back by the boot counter ----------------------------
    I.usb_unplug(vm, "s3")
    I.usb_plug(vm, stick4, "s4")
    media = vm.wait_for(r"(?:^|# )watch: /dev/(sd\w+) \(vfat\) mounted read-only, nosuid, nodev, noexec on (\S+)$", 120).group(2)
    got = watch_installs(vm)
    sc.equal("a stick with v3.0.1 (a kernel that panics) is installed into slot a",
             got, ("3.0.1", "a", "node-a+3.efi"))
    vm.send("reboot\n")
    fails = come_back_to_v2(sc, vm, "3.0.1", r"^(?!.*end Kernel panic).*Kernel panic - not syncing.*$", "panicking v3.0.1")
    vm.wait_for(r"(?:^|# )slot a's version 3\.0\.1 did not stay: recorded as rolled back$", 180)
    vm.wait_shell()
    st = status(vm)
    sc.check("status shows slot a's v3.0.1 as bad, rolled back",
             re.search(r"^slot a: version 3\.0\.1, entry node-a\+0-3\.efi, bad ", st, re.M) and
             re.search(r"^rolled back: version 3\.0\.1,", st, re.M), st)

    # -- 4. power cut in the middle of an install ---------------------------------------------
    vm.send("nodeupdate install %s/%s &\n" % (media, os.path.basename(panic)))
    m = vm.wait_for(r"(?:^|# )nodeupdate: writing slot a: +([3-9]\d)% ", 300)
    vm.kill()
    sc.check("QEMU was killed while the root image was being written", m, "")
    vm = sc.vm(disk, name="update", extra=I.usb_args(stick4, "s4")).start()
    version, slot = vm.wait_ready(timeout=300)
    sc.equal("after the power cut v2 boots from slot b", (version, slot), ("2.0.0", "b"))
    vm.wait_shell()
    st = status(vm)
    sc.check("slot a has no entry to boot after the cut install",
             not re.search(r"^slot a: .*entry node-a(\+\d+)?\.efi", st, re.M), st)
    rc, ls = vm.sh("mkdir -p /run/esp && mount -t vfat -o ro /dev/vda1 /run/esp && ls -a /run/esp/EFI/Linux; "
                   "r=$?; umount /run/esp; test $r = 0")
    names = [n for n in ls.split() if n not in (".", "..") and (n.endswith(".efi") or n.startswith("."))]
    sc.check("the ESP holds only v2's entry and no half-written file", rc == 0 and names == ["node-b.efi"], ls)
