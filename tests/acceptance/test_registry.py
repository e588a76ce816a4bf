"""containerd pulls only from the site registry, with credentials that exist only sealed.

A real registry (Debian's docker-registry) runs on the host's loopback with TLS from the
development site CA (build/keys/site-ca) and basic auth with the development credentials; the node
reaches it as 10.0.2.100:5000 through QEMU's guestfwd. The test builds and pushes a tiny image,
then on the node: containerd pulls it by a public name through the CRI (nodecri) and runs it; a
name with no mapping of its own goes to the site registry too, and fails there; a registry whose
certificate comes from another CA fails TLS; the wire shows no frame to a non-site address. Containers on the host network and on the CNI
bridge run issue 4's probes: nothing leaves, and with the ruleset flushed the same probes do. A
second boot with another node key, and a third with /var wiped (no key at all): the secrets stay
sealed, containerd is not started, the console says why. Last, no byte of the images or a bundle holds a secret's plaintext."""
import ipaddress
import mmap
import os
import re
import subprocess
import time

import pcap
import registry as R
import test_firewall as FW

SITE = ["10.0.2.0/24", "fec0::/64"]
SOCK = "/run/containerd/containerd.sock"


def keyid(build, path):
    return subprocess.run([os.path.join(build, "nodeseal"), "keyid", path], check=True,
                          capture_output=True, text=True).stdout.strip()


def busybox_from_debs(build, work):
    """The image's busybox-static .deb (already fetched for the root) gives the test image its
    only program: the host's own busybox stays as it is."""
    deb = [f for f in os.listdir(os.path.join(build, "debs")) if f.startswith("busybox-static_")][0]
    out = os.path.join(work, "busybox-deb")
    subprocess.run(["dpkg-deb", "-x", os.path.join(build, "debs", deb), out], check=True)
    return os.path.join(out, "bin", "busybox")


def wait_containerd(vm, timeout=120):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if vm.sh("[ -S %s ]" % SOCK)[0] == 0:
            return True
        time.sleep(2)
    return False


def contains(path, needle):
    """Whether the file's bytes hold needle anywhere (mmap: disk images are sparse and large)."""
    if os.path.getsize(path) == 0:
        return False
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        return m.find(needle) >= 0


def offsets(path, needle):
    found, start = [], 0
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        while True:
            i = m.find(needle, start)
            if i < 0:
                return found
            found.append(i)
            start = i + 1


def tree_files_with(root, needle):
    hits = []
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            if os.path.isfile(p) and not os.path.islink(p) and contains(p, needle):
                hits.append(os.path.relpath(p, root))
    return hits


def run(sc):
    keys = os.path.join(sc.build, "keys")
    ca_key, ca_crt = os.path.join(keys, "site-ca", "ca.key"), os.path.join(keys, "site-ca", "ca.crt")
    user, password = open(os.path.join(keys, "site-secrets", "registry-credentials")).read().strip().split(":", 1)
    node_id = keyid(sc.build, os.path.join(keys, "node.pub"))

    certs = os.path.join(sc.work, "certs")
    key, crt = R.issue_server_cert(ca_key, ca_crt, certs)
    other_ca_key, other_ca = R.make_ca(os.path.join(sc.work, "other-ca"), "another CA")
    bad_key, bad_crt = R.issue_server_cert(other_ca_key, other_ca, os.path.join(sc.work, "other-ca"))
    R.BUSYBOX = busybox_from_debs(sc.build, sc.work)
    marker = "hello from the site registry %d" % os.getpid()
    img = R.build_image(os.path.join(sc.work, "image"), marker)
    reg = R.Registry(os.path.join(sc.work, "registry"), crt, key, ca_crt, {user: password}).start()
    try:
        R.push(reg.url, ca_crt, user, password, "library/hello", "1", img)
        R.push(reg.url, ca_crt, user, password, "library/hello", "2", img)
        sc.check("the test registry holds library/hello:1 (TLS from the site CA, basic auth)",
                 R.get_manifest(reg.url, ca_crt, "library/hello", "1", user, password)[0] == 200)
        _run_node(sc, reg, crt, key, ca_crt, bad_crt, bad_key, other_ca, marker, node_id, password)
    finally:
        reg.stop()
    _scan_plaintext(sc, password)


def _run_node(sc, reg, crt, key, ca_crt, bad_crt, bad_key, other_ca, marker, node_id, password):
    disk = sc.disk_copy("debug")
    wire = os.path.join(sc.work, "wire.pcap")
    vm = sc.vm(disk, name="registry", extra=["-object", "filter-dump,id=f0,netdev=n0,file=%s" % wire],
               net_opts=R.guestfwd(reg.port)).start()
    vm.wait_ready(timeout=240)
    text = vm.text()
    sc.check("init unseals the secrets with the node key on /var, before the firewall and network",
             re.search(r"^node: secrets: 1 unsealed into /run/secrets with node key %s " % node_id, text, re.M)
             and text.find("node: secrets:") < text.find("node: firewall:") < text.find("node: network:"),
             re.findall(r"^node: (?:FAIL )?secrets: .*", text, re.M))
    sc.check("containerd starts after the firewall is in force",
             0 <= text.find("node: firewall:") < text.find("node: service containerd: started"), "order")
    vm.wait_shell()
    rc, out = vm.sh("stat -c '%a %U %n' /run/secrets /run/secrets/containerd.toml; "
                    "grep ' /run/secrets ' /proc/mounts")
    sc.check("/run/secrets is a root-only tmpfs (0700), the config in it 0600",
             rc == 0 and "700 root /run/secrets" in out and "600 root /run/secrets/containerd.toml" in out
             and re.search(r"^tmpfs /run/secrets tmpfs rw,nosuid,nodev,noexec", out, re.M), out)
    rc, out = vm.sh("tr '\\0' ' ' < /proc/$(pidof containerd)/cmdline")
    sc.check("containerd runs from the sealed config", "--config /run/secrets/containerd.toml" in out, out)
    sc.check("containerd's socket appears", wait_containerd(vm), "no %s" % SOCK)
    # containerd 1.6 falls back to a name's public default when its hosts.toml does not parse
    sc.check("containerd reads every hosts.toml in certs.d (no decode error)",
             "failed to decode hosts.toml" not in vm.text(),
             re.findall(r".*failed to decode hosts.toml.*", vm.text())[:2])

    # -- pull by a public name, through the CRI: containerd uses its own registry credentials ---
    t0 = time.monotonic()
    rc, out = vm.sh("nodecri pull docker.io/library/hello:1", timeout=600)
    t_pull = time.monotonic() - t0
    sc.check("nodecri pull docker.io/library/hello:1 succeeds (%.1f s)" % t_pull,
             rc == 0 and "pulled docker.io/library/hello:1" in out, out)
    log = open(reg.log_path).read()
    sc.check("the site registry served the pull to the authenticated user",
             re.search(r'GET /v2/library/hello/manifests/1', log) is not None and
             re.search(r'auth\.user\.name="?node', log) is not None, reg.log_tail(8))
    t0 = time.monotonic()
    rc, out = vm.sh("ctr -n k8s.io run --rm docker.io/library/hello:1 hello1 /hello /etc/hostname-absent", timeout=300)
    t_run = time.monotonic() - t0
    sc.check("the pulled image runs under runc and prints its marker (%.1f s)" % t_run,
             rc == 0 and marker in out, out)
    print("# pull-and-run in QEMU (TCG): pull %.1f s, run %.1f s, together %.1f s" % (t_pull, t_run, t_pull + t_run),
          flush=True)

    # -- a name with no mapping of its own: _default sends it to the site registry, nowhere else --
    mark = len(open(reg.log_path).read())
    rc, out = vm.sh("nodecri pull gcr.io/acme/tool:1", timeout=300)
    log = open(reg.log_path).read()[mark:]
    sc.check("a pull of gcr.io/acme/tool:1 (no mapping of its own) fails", rc != 0 and "nodecri: pull" in out, out)
    sc.check("... and the request went to the site registry (_default)",
             "/v2/acme/tool/manifests/1" in log, reg.log_tail(5))

    # -- a registry whose certificate comes from another CA -------------------------------------
    reg.restart_with(bad_crt, bad_key, other_ca)
    rc, out = vm.sh("nodecri pull docker.io/library/hello:2", timeout=300)
    sc.check("a registry certificate from another CA fails TLS",
             rc != 0 and re.search(r"x509: certificate signed by unknown authority", out) is not None, out)
    reg.restart_with(crt, key, ca_crt)

    rc, out = vm.sh("grep -rl %s /run /var 2>/dev/null | grep -v '^/run/secrets/' | head -5" % password[:16])
    sc.check("the registry password is in /run/secrets only, not in containerd's state or /run",
             out.strip() == "", out)

    _container_probes(sc, vm)

    # -- another node key: nothing unseals, containerd stays down, the console says why ---------
    FW.recapture(vm, "f2", "f3", os.path.join(sc.work, "wire-rekey.pcap"))
    other = os.path.join(sc.work, "other-node")
    for f in ("other-node.key", "other-node.pub"):
        if os.path.exists(os.path.join(sc.work, f)):
            os.unlink(os.path.join(sc.work, f))
    subprocess.run([os.path.join(sc.build, "nodeseal"), "keygen", other + ".key", other + ".pub"], check=True,
                   capture_output=True)
    other_id = keyid(sc.build, other + ".pub")
    vm.must("umask 077; printf '%s' > /var/lib/node/node.key; sync" % open(other + ".key").read().strip() +
            "; echo >> /var/lib/node/node.key")
    vm.sh("reboot", timeout=10)
    m = vm.wait_for(r"^node: FAIL secrets: .*", timeout=300)
    line = m.group(0)
    sc.check("a wrong node key: the console names the file, both keys and what is not started",
             "/etc/node/secrets/containerd.toml.sealed: sealed for node key %s, but this node's key "
             "(/var/lib/node/node.key) is %s" % (node_id, other_id) in line and "not started: containerd" in line,
             line)
    m = vm.wait_for(r"^node: (?:FAIL )?service containerd: .*", timeout=120)
    sc.check("... containerd is not started", "not started: it needs the node's secrets" in m.group(0), m.group(0))
    m = vm.wait_for(r"^node: (?:FAIL )?ready: .*", timeout=120)
    sc.check("... and the boot says it is not ready because of it",
             "FAIL ready: service containerd will not become ready: not started" in m.group(0), m.group(0))
    vm.wait_shell()
    rc, out = vm.sh("ls -A /run/secrets | wc -l; pidof containerd || echo none; nodecri pull docker.io/library/hello:1")
    sc.check("... /run/secrets is empty, no containerd, and a pull has nobody to ask",
             out.startswith("0\nnone") and "nodecri: connect %s" % SOCK in out, out)
    vm.send("poweroff\n")
    sc.check("... and it powers off cleanly", vm.wait_exit(120) is not None, "QEMU still running")

    # -- a wiped /var: init formats it (first boot of a blank data partition), and without the key
    # the console says where the key should have been -------------------------------------------
    import disk as D
    start, _ = D.partitions(disk)["data"]
    with open(disk, "r+b") as f:
        f.seek(start)
        f.write(bytes(1 << 20))
    vm = sc.vm(disk, name="registry-wiped", extra=["-object", "filter-dump,id=f0,netdev=n0,file=%s" %
                                                   os.path.join(sc.work, "wire-wiped.pcap")],
               net_opts=R.guestfwd(reg.port)).start()
    m = vm.wait_for(r"^node: (?:FAIL )?data: .*", timeout=300)
    sc.check("a blank data partition is formatted on its first boot", "formatted" in m.group(0) and
             "first boot" in m.group(0), m.group(0))
    m = vm.wait_for(r"^node: (?:FAIL )?secrets: .*", timeout=120)
    sc.check("no node key: the console says which file is missing and what is not started",
             "FAIL secrets: node key /var/lib/node/node.key: No such file or directory" in m.group(0) and
             "not started: containerd" in m.group(0), m.group(0))
    m = vm.wait_for(r"^node: (?:FAIL )?ready: .*", timeout=120)
    sc.check("... and containerd is not started", "service containerd will not become ready: not started"
             in m.group(0), m.group(0))
    vm.kill()

    frames = [f for p in [wire] + [os.path.join(sc.work, n) for n in ("wire-containers.pcap", "wire-rekey.pcap",
                                                                       "wire-wiped.pcap")]
              for f in FW.sent_by_guest(p)]
    leaks = [f for f in frames if pcap.outside(f["dst"], SITE)]
    sc.check("the wire: zero frames to a non-site destination in all three boots, container probes included "
             "(%d frames sent)" % len(frames), not leaks, ["%s %s" % (f["kind"], f["dst"]) for f in leaks][:10])
    sc.check("the wire: the pulls went to the site registry 10.0.2.100",
             any(str(f["dst"]) == R.GUEST_IP for f in frames), "no frame to %s" % R.GUEST_IP)


def _probe_script(probes):
    return "; ".join("%s >/dev/null 2>&1; echo \\\"probe %s rc=\\$?\\\"" % (cmd, name) for name, cmd, _ in probes)


def _run_containers(vm, tag):
    """The issue-4 probes from two containers at once: one on the host's network, one bridged
    through the CNI bridge plugin (etc/cni/net.d). Returns {(net, probe): exit status}. The one in
    the background reads /dev/null: on the console's tty it would be stopped for tty input."""
    script = _probe_script(FW.PROBES + FW.SITE_PROBES)
    cmd = ("ctr -n k8s.io run --rm --net-host docker.io/library/hello:1 host-%s /bin/sh -c \"%s\" </dev/null > /tmp/host.out 2>&1 & "
           "ctr -n k8s.io run --rm --cni docker.io/library/hello:1 bridge-%s /bin/sh -c "
           "\"ip -4 addr show eth0 | grep -o 'inet [0-9.]*'; %s\" </dev/null > /tmp/bridge.out 2>&1; wait; "
           "cat /tmp/host.out; echo ==bridge==; cat /tmp/bridge.out") % (tag, script, tag, script)
    rc, out = vm.sh(cmd, timeout=300)
    host, _, bridge = out.partition("==bridge==")
    got = {}
    for net, text in (("host", host), ("bridge", bridge)):
        for name, code in re.findall(r"^probe (.+) rc=(\d+)$", text, re.M):
            got[(net, name)] = int(code)
    m = re.search(r"inet (10\.88\.[0-9.]+)", bridge)
    return got, (m.group(1) if m else None), out


def _container_probes(sc, vm):
    """From containers: host network and CNI bridge, guarded by the firewall, then the same with
    the ruleset flushed (negative control). Frames are told apart by source address: the bridged
    container's are routed out with its 10.88.0.0/16 address (the bridge does not masquerade)."""
    guarded_path = os.path.join(sc.work, "wire-containers.pcap")
    open_path = os.path.join(sc.work, "wire-containers-open.pcap")
    FW.recapture(vm, "f0", "f1", guarded_path)
    got, bridge_ip, out = _run_containers(vm, "guarded")
    sc.check("a bridged container gets an address from the CNI bridge (10.88.0.0/16)", bridge_ip, out[-800:])
    names = [n for n, _, _ in FW.PROBES]
    sc.check("every probe to a documentation address fails in both containers",
             all(got.get((net, n), 0) != 0 for net in ("host", "bridge") for n in names), got)
    FW.recapture(vm, "f1", "f2", open_path)
    rc, out = vm.sh("nft flush ruleset && nft list ruleset | wc -l")
    sc.check("negative control: the ruleset is flushed", rc == 0 and out.strip().endswith("0"), out)
    _run_containers(vm, "open")

    guarded, opened = FW.sent_by_guest(guarded_path), FW.sent_by_guest(open_path)
    bridge_net = ipaddress.ip_network("10.88.0.0/16")

    def count(frames, net, dst):
        def mine(f):
            if f["src"] is None:
                return False
            from_bridge = f["src"].version == 4 and f["src"] in bridge_net
            return from_bridge if net == "bridge" else not from_bridge
        return sum(1 for f in frames if str(f["dst"]) == dst and mine(f))
    matrix = []
    for net in ("host", "bridge"):
        for name, _, dst in FW.PROBES:
            g, o = count(guarded, net, dst), count(opened, net, dst)
            matrix.append((net, name, dst, g, o))
            sc.check("container (%s network) %s probe to %s: 0 frames guarded (%d), without the ruleset %d"
                     % (net, name, dst, g, o), g == 0, g)
            # the bridged container has no IPv6 (the node's CNI bridge is IPv4 only), and its ARP
            # stays on cni0: no control there
            if not (net == "bridge" and (":" in dst or name in FW.LINK_ONLY)):
                sc.check("negative control: container (%s network) %s probe to %s is on the wire without the "
                         "ruleset (%d frames)" % (net, name, dst, o), o > 0, o)
        for name, _, dst in FW.SITE_PROBES:
            if net == "bridge" and ":" in dst:
                continue
            g = count(guarded, net, dst)
            sc.check("container (%s network) %s probe to the site address %s is on the wire (%d frames)"
                     % (net, name, dst, g), g > 0, g)
    print("# container probe matrix (network, probe, destination, frames guarded, frames without ruleset):",
          flush=True)
    for row in matrix:
        print("#   %-6s %-10s %-14s %d %d" % row, flush=True)


def _scan_plaintext(sc, password):
    """Every byte of what leaves the build: the root trees (uncompressed), root images, disk images
    and a bundle. The node key itself may only be on the development disk's data partition."""
    import disk as D
    keys = os.path.join(sc.build, "keys")
    node_key = open(os.path.join(keys, "node.key")).read().split()[1].encode()
    pw = password.encode()
    cred_file = os.path.join(keys, "site-secrets", "registry-credentials")
    sc.check("control: the scan finds the password in the plaintext credentials file", contains(cred_file, pw))
    subprocess.run(["sh", "image/build-bundle.sh", sc.image("debug"), sc.build, "1.0.0"], check=True,
                   capture_output=True)
    bundle = os.path.join(sc.image("debug"), "node-1.0.0.bundle")
    for variant in ("debug", "prod"):
        d = sc.image(variant)
        hits = tree_files_with(os.path.join(d, "root.tree"), pw) + tree_files_with(os.path.join(d, "root.tree"), node_key)
        sc.check("%s root tree: no file holds the registry password or the node key" % variant, not hits, hits)
        for f in ("root.img", "uki.efi", "esp.img"):
            p = os.path.join(d, f)
            sc.check("%s %s: neither the password nor the node key in any byte" % (variant, f),
                     not contains(p, pw) and not contains(p, node_key), p)
        img = os.path.join(d, "disk.img")
        start, size = D.partitions(img)["data"]
        at = offsets(img, node_key)
        sc.check("%s disk.img: no byte holds the password; the node key only inside /var's partition" % variant,
                 not contains(img, pw) and at and all(start <= o < start + size for o in at),
                 "key at %s, data at %d+%d" % (at[:4], start, size))
    sc.check("the bundle: neither the password nor the node key in any byte (%d bytes)" % os.path.getsize(bundle),
             not contains(bundle, pw) and not contains(bundle, node_key), bundle)
