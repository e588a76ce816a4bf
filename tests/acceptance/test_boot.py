"""Boot the debug image from a blank data partition and prove init's duties on the real node:
ready line, read-only root, writable and persistent /var, reaping, supervision with backoff,
clean poweroff and ctrl-alt-del reboot that leave the data filesystem clean."""
import os
import re
import secrets
import time

import disk as D


def data_clean(sc, img, label):
    part = D.extract(img, "data", os.path.join(sc.work, "data-%s.img" % label))
    rc, out = D.fsck(part)
    sc.check("%s: data filesystem checks clean (e2fsck -fn)" % label, rc == 0, out[-400:])
    sc.equal("%s: data filesystem state" % label, D.fs_state(part), "clean")
    os.unlink(part)


def statuses(text, pattern):
    return [m for m in re.finditer(pattern, text, re.M)]


def run(sc):
    img = sc.disk_copy("debug")
    want_version = open(os.path.join(sc.image("debug"), "version")).read().strip()

    # --- first boot: the development disk's /var, made at build time with the node key ----------
    # (formatting a blank data partition on first boot is checked in test_registry, where a wiped
    # /var also shows what a node without its key says)
    vm = sc.vm(img, name="boot1").start()
    version, slot = vm.wait_ready(timeout=240)
    sc.equal("boots to ready naming its version", version, want_version)
    sc.equal("ready line names slot a", slot, "a")
    text = vm.text()
    for step in (r"^node: stage1: start \(t=", r"^node: verity: ", r"^node: stage2: start \(t=",
                 r"^node: data: checked /dev/vda4, e2fsck exit 0", r"^node: secrets: 1 unsealed"):
        sc.check("console status line %s" % step, re.search(step, text, re.M), "not on the console")
    vm.wait_shell()
    # PID 1 allocates nothing after start-up: brk/mmap would grow its virtual size (exact, unlike
    # the RSS counters in the same file).
    vmlines = lambda out: [l for l in out.splitlines() if l.startswith("Vm")]  # the console is shared
    vm_before = vmlines(vm.must("grep -E '^(VmSize|VmData):' /proc/1/status"))
    rc, out = vm.sh("dmesg | grep -c 'node: ready: version='")
    sc.check("status lines reach /dev/kmsg too", rc == 0 and out.strip() == "1", out)
    rc, out = vm.sh("dmesg | grep 'log\\[[0-9]*\\]: nodelog: boot 1 logging to /var/log/node'")
    sc.check("a service's output reaches /dev/kmsg tagged with its service name and pid (nodelog's start line)",
             rc == 0 and out.strip(), out)
    rc, out = vm.sh("grep -c -- --forward /etc/node/services; ls /var/log/node; pidof nodelog")
    sc.check("nodelog keeps this boot's log on /var/log/node and forwards nothing: the site names no log host",
             out.splitlines()[:1] == ["0"] and "boot-000001.000000.log" in out and rc == 0, out)
    sc.check("... and says so", re.search(r"(?:^|# )nodelog: .*no syslog-host in site\.conf: nothing is forwarded", vm.text(), re.M),
             [l for l in vm.text().splitlines() if "nodelog:" in l])

    rc, out = vm.sh("cat /proc/sys/fs/protected_hardlinks /proc/sys/fs/protected_symlinks "
                    "/proc/sys/fs/protected_fifos /proc/sys/fs/protected_regular")
    sc.equal("the kernel's link protections are on (hardlinks, symlinks, fifos, regular)", out.split(), ["1", "1", "2", "2"])
    rc, out = vm.sh("echo x > /etc/probe 2>&1; touch /probe 2>&1")
    sc.check("a write to / fails with EROFS", rc != 0 and "Read-only file system" in out, out)
    rc, out = vm.sh("grep -c nodetime /etc/node/services; pidof nodetime")
    sc.check("no time client runs on a site that names no time server (no default servers)",
             out.strip() == "0" and rc != 0, out)
    rc, out = vm.sh("grep ' / squashfs ro' /proc/mounts")
    sc.check("/ is the read-only squashfs", rc == 0, out)
    rc, out = vm.sh("grep '^/dev/mapper/root\\|^/dev/dm-' /proc/mounts | head -n1")
    sc.check("/ is mounted through device-mapper (dm-verity)", rc == 0 and out, out)

    token = secrets.token_hex(16)
    rc, out = vm.sh("echo %s > /var/lib/token && sync && cat /var/lib/token" % token)
    sc.check("/var is writable", rc == 0 and token in out.splitlines(), out)
    rc, out = vm.sh("grep ' /var ext4 ' /proc/mounts")
    sc.check("/var is ext4 mounted nosuid,nodev", rc == 0 and "nosuid" in out and "nodev" in out, out)

    # An orphan: its parent exits at once, so it is re-parented to PID 1, which must reap it.
    out = vm.must("sh -c 'sleep 3 >/dev/null 2>&1 & echo $!'")
    pid = int(out.split()[-1])
    rc, ppid = vm.sh("awk '{print $4}' /proc/%d/stat" % pid)
    sc.equal("the orphan is re-parented to PID 1", ppid.strip(), "1")
    time.sleep(5)
    rc, out = vm.sh("cat /proc/%d/stat 2>&1" % pid)
    sc.check("the orphan is reaped after it exits (no zombie)", rc != 0, "still there: " + out)

    # Health: every service stayed up through the settle window after ready, so init started the
    # after-ready services (boot-ok, update-watch). Killing the sleeper earlier would fail it.
    end = time.monotonic() + 60
    while not re.search(r"node: service boot-ok: exited", vm.text()) and time.monotonic() < end:
        time.sleep(0.5)
    text = vm.text()
    sc.check("the boot is judged healthy after the settle window, then after-ready services start",
             re.search(r"node: health: every service up, none restarted, 10s after ready", text) and
             re.search(r"node: service update-watch: started pid", text), "no health line or no update-watch")
    sc.check("boot-ok finishes and says nothing on a boot with nothing to bless",
             re.search(r"node: service boot-ok: exited status 0, done", text) and "nothing to bless" not in text,
             "no 'boot-ok: exited status 0, done', or it printed 'nothing to bless'")

    # Supervision: kill the sleeper service three times in a row; init restarts it after 1, 2, 4 s.
    delays = []
    for i in range(3):
        m = list(re.finditer(r"^node: service sleeper: started pid (\d+)", vm.text(), re.M))[-1]
        vm.pos = max(vm.pos, m.end())
        mark = vm.pos
        vm.must("kill %s" % m.group(1))
        vm.pos = mark   # init's lines may land inside the kill command's own output
        ex = vm.wait_for(r"^node: service sleeper: exited .*restart in ([0-9.]+)s \(t=([0-9.]+)s\)", 30)
        st = vm.wait_for(r"^node: service sleeper: started pid \d+ \(t=([0-9.]+)s\)", 30)
        delays.append((float(ex.group(1)), float(st.group(1)) - float(ex.group(2))))
    sc.equal("restart delays back off 1s, 2s, 4s", [d[0] for d in delays], [1.0, 2.0, 4.0])
    sc.check("each restart waits at least its delay",
             all(waited >= want - 0.05 for want, waited in delays), repr(delays))

    vm_after = vmlines(vm.must("grep -E '^(VmSize|VmData):' /proc/1/status"))
    sc.check("PID 1's memory map did not grow through reaping and three restarts",
             vm_before == vm_after and len(vm_after) == 2, "%r -> %r" % (vm_before, vm_after))

    vm.send("poweroff\n")
    code = vm.wait_exit(90)
    sc.check("poweroff stops the machine", code is not None, "QEMU still running after 90s")
    text = vm.text()
    sc.check("shutdown names its request", re.search(r"^node: shutdown: poweroff requested by SIGUSR2", text, re.M),
             "no shutdown line")
    sc.check("shutdown unmounts /var", re.search(r"^node: shutdown: data filesystem (unmounted|remounted read-only)",
                                                 text, re.M), "no /var unmount line")
    vm.kill()
    data_clean(sc, img, "after poweroff")

    # --- second boot: /var survived; ctrl-alt-del is a clean reboot ----------------------------
    vm = sc.vm(img, name="boot2", extra=["-no-reboot"]).start()
    vm.wait_ready(timeout=240)
    sc.check("second boot does not format /var", "node: data: formatted" not in vm.text(), "formatted")
    vm.wait_shell()
    rc, out = vm.sh("cat /var/lib/token")
    sc.check("/var content survives a poweroff and boot", rc == 0 and token in out.splitlines(), out)
    vm.monitor("sendkey ctrl-alt-delete")
    code = vm.wait_exit(90)   # -no-reboot: QEMU exits when the guest reboots
    sc.check("ctrl-alt-del reboots the machine", code is not None, "QEMU still running after 90s")
    sc.check("ctrl-alt-del is handled as a clean reboot",
             re.search(r"^node: shutdown: reboot requested by SIGINT", vm.text(), re.M), "no shutdown line")
    vm.kill()
    data_clean(sc, img, "after ctrl-alt-del")
