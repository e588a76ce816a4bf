"""DHCP only when the site asks for it (issue 4): a build whose site.conf says `iface eth0 dhcp`
(tests/overlays/dhcp) gets its IPv4 address and router from QEMU's DHCP server through the
supervised udhcpc and node-dhcp-event, still behind the firewall and the wire guard; the resolver is
the site's own (10.0.2.4). QEMU's DHCP server under restrict=on offers no router and no resolver,
so that the lease's resolvers are ignored shows here only as resolv.conf holding the site's;
node-dhcp-event reads nothing but interface, ip, subnet, router and lease (init/dhcp_event)."""
import os
import re

import images as I
import pcap
import test_firewall as FW

SITE = ["10.0.2.0/24", "fec0::/64"]


def run(sc):
    bundle = I.build_version(sc.build, version="1.0.0", overlay="dhcp")
    disk = sc.disk_of(bundle, "dhcp.img")
    wire = os.path.join(sc.work, "wire.pcap")
    vm = sc.vm(disk, name="dhcp", extra=["-object", "filter-dump,id=f0,netdev=n0,file=%s" % wire]).start()
    boot = vm.mark()    # the lease may come before or after init's ready line
    vm.wait_ready(timeout=240)
    text = vm.text()
    sc.check("init brings eth0 up for DHCP after the firewall, with no address of its own",
             re.search(r"^node: network: lo up; eth0 dhcp \(service dhcp-eth0\) fec0::15/64 via fec0::2", text, re.M)
             and text.find("node: firewall:") < text.find("node: network:"),
             re.findall(r"^node: (?:FAIL )?network: .*", text, re.M))
    m = vm.wait_for(r"(?:^|# )node-dhcp-event: eth0: bound .*", timeout=120, since=boot)
    # QEMU's DHCP server under restrict=on offers no router and no resolver (slirp's bootp.c)
    sc.check("udhcpc gets a lease and node-dhcp-event applies it",
             "bound 10.0.2.15/24, lease 86400s" in m.group(0) and "resolvers and time servers are ignored" in m.group(0),
             m.group(0))
    vm.wait_shell()
    rc, out = vm.sh("ip -4 addr show dev eth0 | grep -o 'inet [0-9./]*'; ip -4 route show default | wc -l")
    sc.check("eth0 holds the leased address, and no default route (the lease names no router)",
             out.splitlines()[:2] == ["inet 10.0.2.15/24", "0"], out)
    rc, out = vm.sh("grep nameserver /etc/resolv.conf")
    sc.equal("the resolver is the site's (10.0.2.4) and only that", out.strip(), "nameserver 10.0.2.4")
    rc, out = vm.sh("ping -c 2 -W 2 10.0.2.2 >/dev/null && echo site-ok")
    sc.check("the site answers through the leased address", "site-ok" in out, out)
    rc, st = vm.sh("nodefw status | grep -E 'wire guard|wire-drop'; arping -c 2 -w 3 -I eth0 192.0.2.7 >/dev/null 2>&1;"
                   " ping -c 1 -W 1 192.0.2.1 >/dev/null 2>&1; echo probes-done")
    sc.check("the wire guard is in force on the DHCP interface", "wire guard: table netdev node_wire in force" in st, st)
    vm.kill()

    frames = FW.sent_by_guest(wire)
    dhcp = [f for f in frames if str(f["dst"]) == "255.255.255.255"]
    sc.check("the DHCP requests are on the wire, to the link's broadcast address (%d frames)" % len(dhcp),
             len(dhcp) >= 2, len(dhcp))
    leaks = [f for f in frames if pcap.outside(f["dst"], SITE)]
    sc.check("zero frames to a non-site destination, the probes' included (%d frames sent)" % len(frames),
             not leaks, ["%s %s" % (f["kind"], f["dst"]) for f in leaks][:10])
