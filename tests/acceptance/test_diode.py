"""Updates through the one-way data diode (issue 7), on the real image: a build whose site.conf
makes eth1 the diode interface (tests/overlays/diode) boots with eth1 receive-only; its diode-recv
service gets the v2 bundle from diode-send on the host, through the lossy relay (5% loss, with
reordering and duplication) and a QEMU dgram wire that carries packets one way only
(tests/lib/sitewire.py inject_from); nodeupdate watch installs it from the inbox, and after a
reboot v2 runs. Before that, a sender with the wrong key delivers nothing.
The capture of eth1 over the whole run, two boots included, holds zero frames from the node
(with the firmware's network stack off, as a diode node's firmware should be: FIRMWARE_NET_OFF)."""
import os
import re
import subprocess
import sys
import time

import images as I
import test_ab_update as AB
from sitewire import SiteWire, free_udp_port

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GUEST_MAC2 = "52:54:00:12:34:61"
RATE = 2000000   # bytes/s: what a node under TCG takes in without losing most of it
# The firmware's own network stack, off, as on a real diode node's firmware setup: with it on,
# OVMF's IPv6 stack sends an MLD report and a duplicate-address probe on every NIC at each boot,
# before any of the node's code runs (measured: 2 frames per boot on the diode wire).
FIRMWARE_NET_OFF = [a for k in ("IPv4Support", "IPv6Support", "IPv4PXESupport", "IPv6PXESupport")
                    for a in ("-fw_cfg", "name=opt/org.tianocore/%s,string=no" % k)]


def said(m):
    return m.group(0)[m.group(0).index("diode-recv:"):] if m else None


def sender(sc, key, bundle, port, log):
    return subprocess.Popen([os.path.join(sc.build, "diode-send"), "--key", key, "--rate", str(RATE),
                             bundle, "127.0.0.1:%d" % port], stdout=log, stderr=subprocess.STDOUT)


def stop(p):
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def run(sc):
    v1 = I.build_version(sc.build, version="1.0.0", overlay="diode")
    v2 = I.build_version(sc.build, version="2.0.0")
    disk = sc.disk_of(v1, "diode.img")
    wire = SiteWire([])     # answers nothing: there is no one on the node's side to answer
    inject, relay_port = free_udp_port(), free_udp_port()
    wire.inject_from(inject, GUEST_MAC2, "10.0.4.1", "10.0.4.15", 5005)
    log = open(os.path.join(sc.work, "senders.log"), "w")
    relay = subprocess.Popen([sys.executable, os.path.join(TOP, "tests", "diode", "relay.py"),
                              "--listen", "127.0.0.1:%d" % relay_port, "--forward", "127.0.0.1:%d" % inject,
                              "--seed", "7", "--loss", "5", "--reorder", "2", "--dup", "1"],
                             stdout=log, stderr=subprocess.STDOUT)
    procs = [relay]
    try:
        run_node(sc, disk, wire, relay_port, v2, log, procs)
    finally:
        for p in procs:
            stop(p)
        log.close()
        wire.close()


def run_node(sc, disk, wire, relay_port, v2, log, procs):
    pcap1 = os.path.join(sc.work, "diode-wire.pcap")
    vm = sc.vm(disk, name="diode", extra=wire.qemu_args(mac=GUEST_MAC2) +
               ["-object", "filter-dump,id=f1,netdev=s0,file=%s" % pcap1] + FIRMWARE_NET_OFF).start()
    boot = vm.mark()    # diode-recv's ready line may come before or after init's
    version, slot = vm.wait_ready(timeout=240)
    sc.equal("v1 with a diode interface boots", (version, slot), ("1.0.0", "a"))
    text = vm.text()
    sc.check("init makes eth1 the diode: receive only, ARP off, its static address only",
             re.search(r"^node: network: .*; eth1 diode \(receive only, ARP off\) 10\.0\.4\.15/24;", text, re.M),
             re.findall(r"^node: (?:FAIL )?network: .*", text, re.M))
    m = vm.wait_for(r"(?:^|# )diode-recv: receiving on 10\.0\.4\.15 port 5005 into /var/lib/nodeupdate/inbox "
                    r"with diode key \S+, max size \d+: ready", 120, since=boot)
    sc.check("diode-recv runs as a service with the sealed diode key", m, "")
    vm.wait_shell()
    rc, out = vm.sh("cat /sys/class/net/eth1/flags; cat /proc/sys/net/ipv6/conf/eth1/disable_ipv6")
    flags = out.split()
    sc.check("eth1 has IFF_NOARP set and IPv6 off",
             len(flags) == 2 and int(flags[0], 16) & 0x80 and flags[1] == "1", out)

    # a sender without the site's key: every packet fails its tag, nothing is delivered
    wrong = os.path.join(sc.work, "wrong.key")
    subprocess.run([os.path.join(sc.build, "diode-send"), "keygen", wrong], check=True, stdout=subprocess.DEVNULL)
    p = sender(sc, wrong, v2, relay_port, log)
    m = vm.wait_for(r"(?:^|# )diode-recv: .*(?:does not verify|dropped).*", 60)
    time.sleep(5)
    stop(p)
    sc.check("packets tagged with another key are dropped, said on the console", m, said(m))
    time.sleep(2)
    rc, out = vm.sh("ls -A /var/lib/nodeupdate/inbox")
    sc.check("nothing from the wrong key reaches the inbox, no part file either", rc == 0 and out.strip() == "", out)

    # the site's sender: v2 arrives through 5% loss, the watch installs it
    t0 = time.monotonic()
    p = sender(sc, os.path.join(sc.build, "keys", "diode.key"), v2, relay_port, log)
    procs.append(p)
    m = vm.wait_for(r"(?:^|# )diode-recv: transfer \S+: delivered node-2\.0\.0\.bundle: (\d+) bytes in .*", 600)
    took = time.monotonic() - t0
    size = os.path.getsize(v2)
    sc.check("v2's bundle is delivered whole through 5%% loss (%.1f MiB in %.0f s)" % (size / 2**20, took),
             int(m.group(1)) == size, said(m))
    got = AB.watch_installs(vm)
    stop(p)
    sc.equal("watch installs the delivered v2 into slot b", got, ("2.0.0", "b", "node-b+3.efi"))
    vm.send("reboot\n")
    version, slot = vm.wait_ready(timeout=300)
    sc.equal("after reboot v2 runs from slot b", (version, slot), ("2.0.0", "b"))
    vm.kill()
    frames = wire.frames()
    sc.check("the node sent zero frames on the diode wire over both boots and the transfer "
             "(%d datagrams put on it)" % wire.injected, not frames and wire.injected > 1000,
             ["%s" % f[:34].hex() for _, f in frames[:5]])
