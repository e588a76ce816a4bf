"""The node's logs (issue 8): a build whose site.conf names a log host (tests/overlays/logs:
syslog-host 10.0.2.100 514 tcp, log-size 256k) and which carries a service that logs without end
(chatty, started after ready).
  - the log host, a listener on the host's loopback reached through guestfwd, receives the boot's
    messages as RFC 5424, from the kernel's first line on, init's ready line among them;
  - nodelog runs as its own user with no capability;
  - PID 1 passes at most 10000 of chatty's lines per 30 s into the log, 1000 of them onto the
    console, and says how many it dropped;
  - /var/log/node stays within 256 KiB while chatty writes many times that; this boot's start
    (segment 0) is kept, the middle rotated out;
  - after a reboot the previous boot's log is on /var/log/node, up to its shutdown lines, and the
    log host has both boots."""
import re

import images as I
from syslog_listener import SyslogListener

SIZE = 256 * 1024                       # tests/overlays/logs: log-size 256k
LINE = "chatty line %d: a service that logs without end must not fill the data partition"


def files(vm):
    """{name: size} of /var/log/node's log files, once nodelog has caught up (its cursor stood
    still for a second). Found anywhere in a line: the console is shared, and a service's line
    the console could only take half of is left without its newline."""
    vm.sh("(a=; for i in $(seq 60); do b=$(tail -n 1 /var/log/node/cursor); [ \"$a\" = \"$b\" ] && exit 0; "
          "a=$b; sleep 1; done; exit 1)", timeout=90)
    rc, out = vm.sh("cd /var/log/node && for f in boot-*.log; do echo \"$f $(wc -c < $f)\"; done")
    return dict((n, int(b)) for n, b in re.findall(r"(boot-\d{6}\.\d{6}\.log) (\d+)$", out, re.M))


def boots(fs):
    """{boot number: [segment numbers]}"""
    b = {}
    for name in fs:
        m = re.match(r"^boot-(\d{6})\.(\d{6})\.log$", name)
        b.setdefault(int(m.group(1)), []).append(int(m.group(2)))
    return {k: sorted(v) for k, v in b.items()}


def cost(vm):
    """{pid: (utime+stime in ticks, RSS kB)} of PID 1 and nodelog, and the raw lines."""
    rc, st = vm.sh("for p in 1 $(pidof nodelog); do echo $p $(cut -d' ' -f14,15 /proc/$p/stat) "
                   "$(grep '^Rss:' /proc/$p/smaps_rollup); done; cut -d' ' -f1 /proc/uptime")
    return {l.split()[0]: (int(l.split()[1]) + int(l.split()[2]), l.split()[4]) for l in st.splitlines()
            if len(l.split()) == 6}, st


def run(sc):
    bundle = I.build_version(sc.build, version="1.0.0", overlay="logs")
    disk = sc.disk_of(bundle, "logs.img")
    host = SyslogListener()
    try:
        run_node(sc, disk, host)
    finally:
        host.close()


def run_node(sc, disk, host):
    vm = sc.vm(disk, name="logs", net_opts=",guestfwd=tcp:10.0.2.100:514-tcp:127.0.0.1:%d" % host.port).start()
    version, slot = vm.wait_ready(timeout=240)

    # -- the log host ----------------------------------------------------------------------------
    ready = host.wait_for(lambda m: m.app == "node" and m.msg.startswith("ready: version=%s slot=%s" % (version, slot)), 60)
    msgs, errors = host.snapshot()
    sc.check("the log host receives init's ready line as RFC 5424 (%d messages so far)" % len(msgs), ready,
             [repr(m) for m in msgs[-5:]])
    kernel = [m for m in msgs if m.app == "kernel"]
    sc.check("... and the kernel's messages from its first line on",
             kernel and kernel[0].msg.startswith("Linux version "), [repr(m) for m in kernel[:2]])
    sc.equal("every frame parses as RFC 5424 (octet counting)", errors, [])
    sc.check("hostname, and the registered SD-IDs meta (sequenceId, sysUpTime) and origin (swVersion)",
             ready and ready.hostname == "node" and ready.sd.get("origin", {}).get("swVersion") == version
             and "sequenceId" in ready.sd.get("meta", {}) and "sysUpTime" in ready.sd.get("meta", {}),
             repr(ready))
    seqs = [int(m.sd["meta"]["sequenceId"]) for m in msgs if "meta" in m.sd]
    sc.check("sequenceIds rise one by one: nothing lost or sent twice",
             seqs and all(b == a + 1 for a, b in zip(seqs, seqs[1:])), seqs[:5])
    sc.check("init's status lines go as user.info (PRI 14; FAIL lines as user.warning: ab_update reads one)",
             ready and ready.pri == 14, repr(ready))

    # -- the chatty service ----------------------------------------------------------------------
    m = vm.wait_for(r"(?:^|# )node: service chatty: (\d+) lines of output dropped: over 10000 lines in 30 s", 120)
    sc.check("PID 1 drops chatty's lines over 10000 in 30 s and says how many (%s)" % m.group(1), int(m.group(1)) > 0, m.group(0))
    m = vm.wait_for(r"(?:^|# )node: service chatty: (\d+) lines of output kept off the console: over 1000 lines in 30 s \(they are in the log\)", 60)
    sc.check("... and keeps all but 1000 of them a window off the console (%s)" % m.group(1), int(m.group(1)) > 0, m.group(0))
    vm.send("\ntouch /var/lib/chatty.stop; cut -d' ' -f1 /proc/uptime > /var/lib/chatty.stopped\n")
    vm.wait_shell()
    rc, out = vm.sh("(for i in $(seq 60); do [ -s /var/lib/chatty.count ] && exit 0; sleep 0.5; done; exit 1); "
                    "echo count $(cat /var/lib/chatty.count) at $(cat /var/lib/chatty.stopped)", timeout=60)
    m = re.search(r"^count (\d+) at ([0-9.]+)$", out, re.M)
    sc.check("chatty stops when told to, and says how many lines it wrote", m, out[-300:])
    written, stopped = (int(m.group(1)), float(m.group(2))) if m else (0, 0.0)
    fs = files(vm)
    b = boots(fs)
    total = sum(fs.values())
    chatty_bytes = sum(len(LINE % i) + 1 for i in range(1, written + 1))
    sc.check("chatty wrote %d lines (%d KiB); /var/log/node holds %d bytes, within log-size %d"
             % (written, chatty_bytes // 1024, total, SIZE), total <= SIZE and chatty_bytes > 2 * SIZE, fs)
    this = max(b) if b else None
    segs = b.get(this, [])
    sc.check("this boot stays within half the budget (%d bytes in segments %s)" % (sum(v for k, v in fs.items() if k.startswith("boot-%06d." % this)) if this else 0, segs),
             this and sum(v for k, v in fs.items() if k.startswith("boot-%06d." % this)) <= SIZE // 2, fs)
    sc.check("segment 0 (the boot's start) is kept and middle segments were rotated out",
             segs and segs[0] == 0 and len(segs) >= 2 and segs[1] > 1, segs)
    out = vm.must("head -c 4096 /var/log/node/boot-%06d.000000.log" % this)
    sc.check("segment 0 starts with nodelog's header naming the version, slot and boot",
             re.search(r"nodelog: boot %d segment 0; version %s on slot %s" % (this, re.escape(version), slot), out), out[:300])
    sc.check("... and holds the kernel's first line", re.search(r" kern\.\w+ Linux version ", out), out[:600])
    # a line's time is when PID 1 put it in the ring: up to OUTPUT_OVER_LIMIT_READ_MS and a read late
    out = vm.must("grep 'chatty\\[' /var/log/node/boot-%06d.%06d.log | tail -n 1" % (this, segs[-1]))
    m = re.search(r" ([0-9.]+) user\.info chatty\[\d+\]: chatty line (\d+):", out)
    sc.check("the newest segment holds chatty's lines of its last 30 s window (line %s at %s s, stopped at %.2f s)"
             % (m and m.group(2), m and m.group(1), stopped), m and -2 <= stopped - float(m.group(1)) <= 31, out)
    # what the flood cost: CPU seconds (utime+stime, in clock ticks of 100 Hz) of PID 1 and nodelog
    ticks, st = cost(vm)
    sc.check("CPU and memory for %d chatty lines: PID 1 %s, nodelog %s (ticks of 10 ms, RSS kB), uptime %s s"
             % (written, ticks.get("1"), [v for k, v in ticks.items() if k != "1"], st.splitlines()[-1] if st else "?"),
             len(ticks) == 2, st)
    rc, st = vm.sh("p=$(pidof nodelog); grep -E '^(Uid|Gid|CapEff|CapPrm|NoNewPrivs)' /proc/$p/status; "
                   "grep '^Rss:' /proc/$p/smaps_rollup; stat -c '%u %a' /var/log/node")
    sc.check("nodelog runs as log (101) with no capability; /var/log/node is 101's, mode 750",
             re.search(r"^Uid:\s+101\s", st, re.M) and re.search(r"^CapEff:\s+0+$", st, re.M)
             and re.search(r"^CapPrm:\s+0+$", st, re.M) and re.search(r"^101 750$", st, re.M), st)

    # -- a reboot: the previous boot's log stays readable ----------------------------------------
    vm.send("reboot\n")
    version, slot = vm.wait_ready(timeout=300)
    vm.wait_shell()
    fs = files(vm)
    b = boots(fs)
    sc.check("after the reboot a new boot's log is beside the previous one (%s)" % sorted(b), this in b and this + 1 in b, sorted(b))
    out = vm.must("cat /var/log/node/boot-%06d.*.log | tail -n 60" % this) if this in b else ""
    sc.check("the previous boot's log runs to its shutdown: the reboot request, chatty stopped",
             re.search(r"node: shutdown: reboot requested by ", out) and re.search(r"node: service chatty: (stopped|killed)", out),
             out[-600:])
    sc.check("/var/log/node still within log-size (%d bytes)" % sum(fs.values()), sum(fs.values()) <= SIZE, fs)
    ticks, st = cost(vm)
    sc.check("a quiet boot's cost: PID 1 %s, nodelog %s (ticks of 10 ms, RSS kB), uptime %s s"
             % (ticks.get("1"), [v for k, v in ticks.items() if k != "1"], st.splitlines()[-1] if st else "?"),
             len(ticks) == 2, st)
    second = host.wait_for(lambda m: m.app == "node" and m.msg.startswith("ready: ") and m is not ready, 60)
    msgs, errors = host.snapshot()
    sc.check("the log host has the second boot too, and the first one's shutdown line",
             second and any(m.app == "node" and m.msg.startswith("shutdown: reboot requested") for m in msgs),
             [repr(m) for m in msgs[-3:]])
    sc.equal("still every frame parses as RFC 5424", errors, [])
