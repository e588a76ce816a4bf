"""The egress air gap, proven on the wire (QEMU's filter-dump of the node's only NIC):
  - probes from the node's own processes (ICMP, TCP, UDP, DNS, IPv6, and ARP from a packet socket,
    which no inet hook sees) to documentation addresses put zero frames on the wire; probes to site
    addresses do;
  - ingress through hostfwd reaches an allowed port and no other;
  - negative control: with the ruleset flushed, the same probes are on the wire (the check can fail);
  - a broken ruleset: init configures no interface, says why, and the wire stays silent.
The same probes from containers (host network and CNI bridge) run in test_registry.py, which has
an image for them."""
import os
import re
import socket
import time

import images as I
import pcap

SITE = ["10.0.2.0/24", "fec0::/64"]   # overlays/site/etc/node/site.conf
GUEST_MAC = "52:54:00:12:34:56"       # QEMU's default for the first NIC
# (name, command, destination): each must fail on the node and leave nothing on the wire
PROBES = [
    ("ICMP", "ping -c 2 -W 1 192.0.2.1", "192.0.2.1"),
    ("TCP", "nc -w 2 198.51.100.1 80 </dev/null", "198.51.100.1"),
    ("UDP", "timeout 3 tftp -g -r probe -l /tmp/probe 203.0.113.1", "203.0.113.1"),
    ("DNS", "nslookup example.com 192.0.2.53", "192.0.2.53"),
    ("IPv6 ICMP", "ping6 -c 2 -W 1 2001:db8::1", "2001:db8::1"),
    ("IPv6 TCP", "nc -w 2 2001:db8::2 443 </dev/null", "2001:db8::2"),
    # a packet socket: nothing in the inet hooks sees it, only the wire guard (netdev egress)
    ("raw ARP", "arping -c 2 -w 3 -I eth0 192.0.2.7", "192.0.2.7"),
]
LINK_ONLY = {"raw ARP"}   # frames that stay on their link: a bridged container's stay on cni0
SITE_PROBES = [
    ("site ICMP", "ping -c 2 -W 1 10.0.2.2", "10.0.2.2"),
    ("site IPv6 ICMP", "ping6 -c 2 -W 1 fec0::2", "fec0::2"),
]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def run_probes(vm, probes):
    """Runs each probe; returns {name: exit status}."""
    return {name: vm.sh(cmd + " >/dev/null 2>&1", timeout=60)[0] for name, cmd, _ in probes}


def connect_and_read(port, timeout=15):
    """What a TCP client on the host gets from 127.0.0.1:port (hostfwd), or '' if nothing."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(timeout)
            return s.recv(100).decode(errors="replace")
    except OSError:
        return ""


def sent_by_guest(path):
    return [p for p in (pcap.parse(f) for _, f in pcap.frames(path)) if p["src_mac"] == GUEST_MAC]


def recapture(vm, old, new, path):
    """Ends capture `old` and starts `new` into path. Each phase gets its own file: filter-dump's
    timestamps follow the VM's clock, not the host's, so splitting one file by time is unsafe."""
    vm.monitor("object_del %s" % old)
    vm.monitor("object_add filter-dump,id=%s,netdev=n0,file=%s" % (new, path))
    end = time.monotonic() + 10
    while not os.path.exists(path) and time.monotonic() < end:
        time.sleep(0.1)


def step_ms(text, step, before):
    """Milliseconds between init's status line for `before` and the one for `step`."""
    a = re.search(r"^node: %s: .*\(t=([0-9.]+)s\)" % before, text, re.M)
    b = re.search(r"^node: %s: .*\(t=([0-9.]+)s\)" % step, text, re.M)
    return round((float(b.group(1)) - float(a.group(1))) * 1000) if a and b else None


def run(sc):
    # -- the debug image: the firewall in force ------------------------------------------------
    disk = sc.disk_copy("debug")
    boot_wire = os.path.join(sc.work, "wire-boot.pcap")   # the firmware's own IPv6 chatter included
    wire = os.path.join(sc.work, "wire.pcap")
    p_ok, p_no = free_port(), free_port()
    vm = sc.vm(disk, name="firewall", extra=["-object", "filter-dump,id=f0,netdev=n0,file=%s" % boot_wire],
               net_opts=",hostfwd=tcp:127.0.0.1:%d-:9100,hostfwd=tcp:127.0.0.1:%d-:9101" % (p_ok, p_no)).start()
    vm.wait_ready(timeout=240)
    text = vm.text()
    sc.check("init loads the firewall and says it is in force",
             re.search(r"^node: firewall: /etc/node/firewall.nft loaded; table inet node in force", text, re.M),
             "no firewall line")
    sc.check("init configures the network from site.conf after the firewall",
             re.search(r"^node: network: lo up; eth0 10\.0\.2\.15/24 via 10\.0\.2\.2 fec0::15/64 via fec0::2", text, re.M)
             and text.find("node: firewall:") < text.find("node: network:"), "no network line after the firewall line")
    ms = step_ms(text, "firewall", "hostname")
    print("# firewall step (nft -f, nft list, check): %s ms after the hostname line" % ms, flush=True)
    vm.wait_shell()
    recapture(vm, "f0", "f1", wire)
    rc, out = vm.sh("cat /etc/resolv.conf; sysctl -n net.ipv6.conf.eth0.accept_ra net.ipv6.conf.eth0.autoconf")
    sc.check("resolvers only from site.conf; IPv6 autoconfiguration off",
             "nameserver 10.0.2.3" in out and len(re.findall(r"^nameserver", out, re.M)) == 1 and
             re.search(r"^0\n0$", out.split("nameserver 10.0.2.3", 1)[-1].strip(), re.M), out)

    got = run_probes(vm, PROBES)
    sc.check("every probe to a documentation address fails on the node", all(v != 0 for v in got.values()), got)
    run_probes(vm, SITE_PROBES)

    # ingress: a listener on 9100 (listed) and on 9101 (not listed)
    vm.sh("for p in 9100 9101; do (nc -l -p $p -e /bin/echo open-$p >/dev/null 2>&1 &) ; done; sleep 1")
    sc.equal("ingress through hostfwd reaches the allowed port 9100", connect_and_read(p_ok).strip(), "open-9100")
    sc.equal("ingress to port 9101, not listed, gets nothing", connect_and_read(p_no, timeout=10).strip(), "")

    rc, st = vm.sh("nodefw status")
    sc.check("nodefw status shows the drop counters", rc == 0 and re.search(r"output-drop-v4\s+[1-9]", st) and
             re.search(r"output-drop-v6\s+[1-9]", st), st)
    sc.check("nodefw status lists every dropped destination (the IP probes: the wire guard keeps no list)",
             all(d in st for n, _, d in PROBES if n not in LINK_ONLY), st)
    sc.check("nodefw status shows the wire guard in force and its drops (the raw ARP probe)",
             "wire guard: table netdev node_wire in force" in st and re.search(r"wire-drop-eth0\s+[1-9]", st), st)
    rc, js = vm.sh("nodefw status --json")
    sc.check("nodefw status --json says in force", rc == 0 and '"in_force":true,"wire_guard":true' in js, js)

    # -- negative control: the same probes without the ruleset ---------------------------------
    open_path = os.path.join(sc.work, "wire-open.pcap")
    recapture(vm, "f1", "f2", open_path)
    rc, out = vm.sh("nft flush ruleset && nft list ruleset | wc -l")
    sc.check("negative control: the ruleset is flushed", rc == 0 and out.strip().endswith("0"), out)
    run_probes(vm, PROBES)
    vm.kill()

    booting = sent_by_guest(boot_wire)
    leaks = [f for f in booting if pcap.outside(f["dst"], SITE)]
    sc.check("from power-on to the shell: zero frames to a non-site destination (%d frames sent)" % len(booting),
             not leaks, ["%s %s" % (f["kind"], f["dst"]) for f in leaks][:10])
    guarded = sent_by_guest(wire)
    leaks = [f for f in guarded if pcap.outside(f["dst"], SITE)]
    sc.check("with the firewall: zero frames on the wire to a non-site destination (%d frames sent)" % len(guarded),
             not leaks, ["%s %s" % (f["kind"], f["dst"]) for f in leaks][:10])
    for name, _, dst in SITE_PROBES:
        n = sum(1 for f in guarded if str(f["dst"]) == dst)
        sc.check("with the firewall: the %s probe to %s is on the wire (%d frames)" % (name, dst, n), n > 0, n)
    open_wire = sent_by_guest(open_path)
    for name, _, dst in PROBES:
        n = sum(1 for f in open_wire if str(f["dst"]) == dst)
        sc.check("negative control: without the ruleset the %s probe to %s is on the wire (%d frames)" % (name, dst, n),
                 n > 0, n)

    # -- a broken ruleset: fail closed ----------------------------------------------------------
    broken = I.build_version(sc.build, version="1.0.0", overlay="broken-firewall")
    bdisk = os.path.join(sc.work, "broken.img")
    os.system("cp --sparse=always %s %s" % (os.path.join(os.path.dirname(broken), "disk.img"), bdisk))
    wire2 = os.path.join(sc.work, "wire-broken.pcap")
    vm = sc.vm(bdisk, name="broken", extra=["-object", "filter-dump,id=f0,netdev=n0,file=%s" %
                                            os.path.join(sc.work, "wire-broken-firmware.pcap")]).start()
    # from the kernel's first line of init on: what the firmware sent before is not the node's
    vm.wait_for(r"^node: stage1: start", 240)
    recapture(vm, "f0", "f1", wire2)
    m = vm.wait_for(r"^node: FAIL firewall: (.*)$", 240)
    sc.check("a broken ruleset: the console says why and that no interface is configured",
             "nft exited status" in m.group(1) and "no network interface configured (fail closed)" in m.group(1),
             m.group(0))
    vm.wait_for(r"^node: ready: ", 120)
    vm.wait_shell()
    rc, out = vm.sh("ip -o addr show dev eth0; ip -o link show dev eth0")
    flags = re.search(r"eth0: <([^>]*)>", out)
    sc.check("a broken ruleset: eth0 stays down with no address",
             flags and "UP" not in flags.group(1).split(",") and "inet" not in out, out)
    got = run_probes(vm, PROBES + SITE_PROBES)
    sc.check("a broken ruleset: every probe fails, site ones too", all(v != 0 for v in got.values()), got)
    vm.kill()
    sent = sent_by_guest(wire2)
    sc.check("a broken ruleset: the wire stays silent (%d frames from the node)" % len(sent), not sent,
             ["%s %s" % (f["kind"], f["dst"]) for f in sent][:10])
