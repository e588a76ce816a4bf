"""Time from the site's servers only (issue 4): a build whose site.conf names two time servers on
a second site network (tests/overlays/ntp: eth1, 10.0.3.0/24, ntp 10.0.3.1 and 10.0.3.2) gets
nodetime as a supervised service. The node boots with its hardware clock in 2005; eth1 is a QEMU
dgram wire to this test (tests/lib/sitewire.py), which answers ARP for both servers and relays
their UDP port 123 to a real chronyd on the host's loopback (tests/lib/chrony.py).
  - the clock goes up to the image's build time at once, then to the servers' time: within a few
    seconds of the host's;
  - nodetime runs as nobody with CAP_SYS_TIME alone;
  - a jump of two hours after that is refused, and said to be;
  - on both wires, NTP goes to the two site servers only: nothing to port 123 anywhere else, and no
    frame to any non-site destination."""
import os
import re
import time

import chrony
import images as I
import pcap
import test_firewall as FW
from sitewire import SiteWire, free_udp_port

SITE = ["10.0.2.0/24", "fec0::/64", "10.0.3.0/24"]
SERVERS = {"10.0.3.1", "10.0.3.2"}
GUEST_MAC2 = "52:54:00:12:34:60"
CAP_SYS_TIME = 1 << 25


def udp_dport(frame):
    ihl = (frame[14] & 15) * 4
    return int.from_bytes(frame[14 + ihl + 2:14 + ihl + 4], "big")


def run(sc):
    bundle = I.build_version(sc.build, version="1.0.0", overlay="ntp")
    disk = sc.disk_of(bundle, "ntp.img")
    port = free_udp_port()
    server = chrony.Chrony(sc.build, sc.work, port)
    wire = SiteWire(SERVERS)
    try:
        for s in SERVERS:
            wire.relay_udp(s, 123, port)
        run_node(sc, disk, wire)
    finally:
        wire.close()
        server.close()


def said(m):
    """A console line of nodetime's, without the shell prompt it may have landed after."""
    return m.group(0)[m.group(0).index("nodetime:"):] if m else None


def run_node(sc, disk, wire):
    pcap0 = os.path.join(sc.work, "wire0.pcap")
    pcap1 = os.path.join(sc.work, "wire1.pcap")
    extra = wire.qemu_args(mac=GUEST_MAC2) + [
        "-object", "filter-dump,id=f0,netdev=n0,file=%s" % pcap0,
        "-object", "filter-dump,id=f1,netdev=s0,file=%s" % pcap1,
        "-rtc", "base=2005-01-01T00:00:00"]
    vm = sc.vm(disk, name="ntp", extra=extra).start()
    boot = vm.mark()    # nodetime's first lines may come before or after init's ready line
    vm.wait_ready(timeout=240)
    text = vm.text()
    sc.check("init configures eth1, the time servers' network, after the firewall",
             re.search(r"^node: network: .*eth1 10\.0\.3\.15/24", text, re.M)
             and text.find("node: firewall:") < text.find("node: network:"),
             re.findall(r"^node: (?:FAIL )?network: .*", text, re.M))
    m = vm.wait_for(r"(?:^|# )nodetime: clock was before the image's build time: set to .*", timeout=60, since=boot)
    sc.check("a clock before the image's build time is raised to it at once", m, said(m))
    m = vm.wait_for(r"(?:^|# )nodetime: servers .*", timeout=60, since=boot)
    sc.check("nodetime asks the site's two servers and drops privileges",
             "servers 10.0.3.1, 10.0.3.2 (site.conf); running as nobody with CAP_SYS_TIME only" in said(m),
             said(m))
    m = vm.wait_for(r"(?:^|# )nodetime: (?:clock stepped|FAIL) .*", timeout=120, since=boot)
    line = said(m)
    host_year = time.gmtime().tm_year
    sc.check("the clock is stepped to the servers' time (both answered)",
             re.match(r"^nodetime: clock stepped by \+\d+\.\d{3} s to %d-.*\(2 of 2 servers; delay [0-9.]+ ms\)$" % host_year,
                      line), line)
    vm.wait_shell()
    rc, out = vm.sh("date +%s")
    host_now = time.time()
    try:
        skew = int(out.strip().splitlines()[-1]) - host_now
    except (ValueError, IndexError):
        skew = None
    # the console round trip under TCG takes a second or two; the 2005 RTC was 20 years off
    sc.check("the node's clock is within 5 s of the host's (was 2005; skew %s s)" %
             (None if skew is None else round(skew, 1)), skew is not None and abs(skew) < 5, out)

    rc, out = vm.sh("p=$(pidof nodetime); grep -E '^(Uid|Gid|CapEff|CapPrm|CapBnd|NoNewPrivs):' /proc/$p/status; grep '^Rss:' /proc/$p/smaps_rollup")
    # Rss from smaps_rollup: /proc/PID/status's VmHWM lags for a process this small (the kernel
    # folds a task's RSS counters into its mm only every 64 page faults)
    fields = dict(re.findall(r"^(\w+):\s+(\S+)", out, re.M))
    sc.check("nodetime runs as nobody with CAP_SYS_TIME alone, no_new_privs set (RSS %s kB)" % fields.get("Rss"),
             fields.get("Uid") == "65534" and fields.get("Gid") == "65534"
             and all(int(fields.get(k, "0"), 16) == CAP_SYS_TIME for k in ("CapEff", "CapPrm", "CapBnd"))
             and fields.get("NoNewPrivs") == "1", out)

    # after the first synchronisation a jump over 1000 s is refused (panic threshold): move the
    # node's clock two hours ahead; at the next poll (64 s) the servers say -7200 s
    vm.sh("date -s @$(( $(date +%s) + 7200 )) >/dev/null")
    m = vm.wait_for(r"(?:^|# )nodetime: FAIL refusing to set the clock: .*", timeout=150)
    sc.check("a jump of two hours after synchronisation is refused and said to be",
             m and re.search(r"a jump of -7\d{3} s after the clock was set is over the 1000 s panic threshold",
                             said(m)), said(m))
    vm.kill()

    # the site wire (eth1): NTP to the two servers only, ARP only for site addresses
    frames1 = [(pcap.parse(f), f) for _, f in pcap.frames(pcap1)]
    sent1 = [(p, f) for p, f in frames1 if p["src_mac"] == GUEST_MAC2]
    ntp_to = {str(p["dst"]) for p, f in sent1 if p["kind"] == "ipv4" and p.get("proto") == 17 and udp_dport(f) == 123}
    n_ntp = sum(1 for p, f in sent1 if p["kind"] == "ipv4" and p.get("proto") == 17 and udp_dport(f) == 123)
    sc.check("NTP requests on the site wire go to the two site servers, both asked (%d requests)" % n_ntp,
             ntp_to == SERVERS and n_ntp >= 8, sorted(ntp_to))
    sc.check("the wire relayed the requests to chronyd (%d)" % wire.relayed, wire.relayed >= 8, wire.relayed)
    frames0 = FW.sent_by_guest(pcap0)
    sent0_ntp = [f for _, f in pcap.frames(pcap0) if pcap.parse(f)["src_mac"] == FW.GUEST_MAC
                 and pcap.parse(f)["kind"] == "ipv4" and pcap.parse(f).get("proto") == 17 and udp_dport(f) == 123]
    sc.check("no NTP on eth0, which has no time server", not sent0_ntp, len(sent0_ntp))
    leaks = [p for p in frames0 + [p for p, _ in sent1] if pcap.outside(p["dst"], SITE)]
    sc.check("zero frames to a non-site destination on either wire (%d + %d frames sent)" % (len(frames0), len(sent1)),
             not leaks, ["%s %s" % (p["kind"], p["dst"]) for p in leaks][:10])
