"""Provisioning bare metal (issue 6): the installer mode of the node's own UKI, from the network
and from USB, onto a blank virtual disk.

  - PXE: a NIC (boot order 1) on QEMU's user network with restrict=on, its built-in TFTP serving
    build/pxe/tftp and boot.ipxe as the boot file, and a blank disk (boot order 2), as on a
    provisioning network. The NIC's iPXE runs the script, which fetches node-install.efi over
    HTTP from a server on the host's loopback (guestfwd 10.0.2.100:8080); the installer gets its
    own DHCP lease, fetches its config and the bundle from the same server, installs, makes a
    firmware boot entry for the disk (BootOrder, BootNext) and reboots; the firmware boots the
    disk although PXE is first, and the node comes up ready from it with the config's hostname
    and node key (its sealed secrets open).
  - USB: the same from build/usb/node-usb.img attached as usb-storage; the stick is not written.
  - A tampered bundle on the stick is refused in stage 1 and the disk stays blank (all zero).
  - A disk that is not blank is refused by nodeupdate provision (no `wipe yes`) and not touched.
  - With `wipe yes` (a config signed here with the development key), the USB scenario's installed
    disk is installed again, and the node comes up with the new config's hostname.
Times are from QEMU's start (power-on) to the installed node's ready line.
"""
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import registry  # noqa: E402  (its guestfwd relay: one relay process per guest connection)

DISK_BYTES = 2 << 30
HTTP_GUEST = ("10.0.2.100", 8080)       # the development site's provision-url
INSTALL_TIMEOUT = 900
FAIL = r"^node: FAIL .*"
EFI_GLOBAL = "8be4df61-93ca-11d2-aa0d-00e098032b8c"
EFIVARS = "/sys/firmware/efi/efivars"


def blank_disk(sc, name):
    path = os.path.join(sc.work, name)
    with open(path, "wb") as f:
        f.truncate(DISK_BYTES)
    return path


def all_zero(path):
    """True when every byte of the file is zero (reads only the allocated extents)."""
    with open(path, "rb") as f:
        fd = f.fileno()
        end = os.fstat(fd).st_size
        pos = 0
        while pos < end:
            try:
                data = os.lseek(fd, pos, os.SEEK_DATA)
            except OSError:
                return True                 # no data after pos: holes read as zero
            hole = os.lseek(fd, data, os.SEEK_HOLE)
            f.seek(data)
            left = hole - data
            while left > 0:
                chunk = f.read(min(left, 1 << 20))
                if not chunk:
                    break
                if chunk.count(0) != len(chunk):
                    return False
                left -= len(chunk)
            pos = hole
    return True


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Served:
    """A plain HTTP server on 127.0.0.1 for one directory, counting the body bytes it sends."""

    def __init__(self, root):
        served = self
        self.bytes, self.paths = 0, []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=root, **kw)

            def copyfile(self, source, outputfile):
                n = 0
                for chunk in iter(lambda: source.read(1 << 16), b""):
                    outputfile.write(chunk)
                    n += len(chunk)
                served.bytes += n
                served.paths.append((self.path, n))

            def log_message(self, *a):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def ready_seconds(vm, m):
    """Host seconds from QEMU's start to the console line holding match m."""
    line = m.group(0)
    for t, text in vm.line_times:
        if line in text:
            return t
    return float("nan")


def check_installed(sc, vm, what):
    """The node booted from its own disk: slot a, the config's identity and key, the layout."""
    vm.wait_shell()
    host = vm.must("hostname").strip()
    sc.equal("%s: the node's hostname is the provisioning config's" % what, host, "node-dev")
    sc.check("%s: the node key from the config opens the sealed secrets" % what,
             re.search(r"^node: secrets: \d+ unsealed into /run/secrets", vm.text(), re.M),
             "no secrets line")
    labels = vm.must("for p in /sys/class/block/vda[0-9]*; do "
                     "sed -n 's/^PARTNAME=//p' $p/uevent; done | tr '\\n' ' '").split()
    sc.equal("%s: the disk has the node's GPT layout" % what, labels, ["esp", "root-a", "root-b", "data"])
    key = vm.must("stat -c '%a %u' /var/lib/node/node.key").strip()
    sc.equal("%s: node.key on /var is root's, mode 600" % what, key, "600 0")
    st = vm.must("/usr/sbin/nodeupdate status")
    sc.check("%s: nodeupdate status: slot a booted, not a counting boot, entry good" % what,
             re.search(r"^booted: slot a, version \S+, not a counting boot$", st, re.M) and
             re.search(r"^slot a: booted, version \S+, entry node-a.efi, good$", st, re.M), st[-600:])


def efivar_bytes(vm, name):
    """The data of EFI_GLOBAL_VARIABLE `name` (after its 4-byte attributes), read in the guest."""
    out = vm.must("od -An -v -tx1 %s/%s-%s" % (EFIVARS, name, EFI_GLOBAL))
    return bytes(int(x, 16) for x in out.split())[4:]


def efivar_u16s(vm, name):
    b = efivar_bytes(vm, name)
    return [b[i] | b[i + 1] << 8 for i in range(0, len(b) - 1, 2)]


def load_option_desc(b):
    """The description of an EFI_LOAD_OPTION: UTF-16LE after Attributes and FilePathListLength."""
    end = 6
    while end + 1 < len(b) and b[end:end + 2] != b"\0\0":
        end += 2
    return b[6:end].decode("utf-16-le", errors="replace")


def check_firmware_entry(sc, vm, entry, second_boot):
    """After the install's reboot: the firmware booted the node's Boot#### (BootNext), not PXE."""
    sc.check("pxe: the reboot after the install went to the disk although PXE is first in QEMU's boot "
             "order: no iPXE, no PXE attempt", "iPXE" not in second_boot and ">>Start PXE" not in second_boot,
             second_boot[:600])
    sc.equal("pxe: BootCurrent is the node's entry Boot%04X" % entry, efivar_u16s(vm, "BootCurrent"), [entry])
    gone = vm.must("if [ -e %s/BootNext-%s ]; then echo present; else echo gone; fi" % (EFIVARS, EFI_GLOBAL))
    sc.equal("pxe: BootNext was consumed by that boot", gone.strip(), "gone")
    sc.equal("pxe: Boot%04X is the node's entry" % entry, load_option_desc(efivar_bytes(vm, "Boot%04X" % entry)),
             "Node (vda)")
    order = efivar_u16s(vm, "BootOrder")
    print("# pxe: BootOrder after the reboot: %s (the node's entry: Boot%04X)"
          % (" ".join("%04X" % n for n in order), entry), flush=True)
    # nodeupdate put it first; OVMF then rebuilds BootOrder from QEMU's bootindex at every boot
    # (QemuBootOrderLib: the NIC's entries first, then those it resolves to the disk), dropping
    # and deleting what it cannot resolve. That it is still there says its HD() path resolved to
    # this disk; only a firmware without QEMU's bootorder keeps it first.
    sc.check("pxe: BootOrder still holds the node's entry (OVMF resolved its HD() path to the disk)",
             entry in order, " ".join("%04X" % n for n in order))


def pxe(sc, pxe_dir):
    tftp, http_root = os.path.join(pxe_dir, "tftp"), os.path.join(pxe_dir, "http")
    script = os.path.join(tftp, "boot.ipxe")
    disk = blank_disk(sc, "pxe-disk.img")
    srv = Served(http_root)
    try:
        # PXE first, the disk second: the provisioning network's order, which stays so after the
        # install; only the firmware boot entry the installer makes gets the node booted
        vm = sc.vm(disk, name="pxe", disk_opts=",bootindex=2", nic_opts=",bootindex=1",
                   net_opts=",tftp=%s,bootfile=boot.ipxe%s"
                   % (tftp, registry.guestfwd(srv.port, *HTTP_GUEST))).start()
        m = vm.wait_for(r"^node: install: bundle node.bundle: version \S+ verified with key \S+ in (\d+) ms",
                        600, fail=FAIL)
        sc.check("pxe: stage 1 verified the fetched bundle", True)
        verify_ms = int(m.group(1))
        fw = vm.wait_for(r'^nodeupdate: provision: firmware boot entry Boot([0-9A-F]{4}) "Node \(vda\)" '
                         r"first in BootOrder, and BootNext \(\d+ ms\)$", INSTALL_TIMEOUT,
                         fail=r"^(node: FAIL |nodeupdate: provision: warning: ).*$")
        sc.check("pxe: provision made a firmware boot entry for the disk", True, fw.group(0))
        print("# pxe: %s" % fw.group(0), flush=True)
        entry = int(fw.group(1), 16)
        vm.wait_for(r"^node: install: done in (\d+) ms", 120, fail=FAIL)
        rebooted = vm.mark()
        m = vm.wait_for(r"^node: ready: version=\S+ slot=a", 400, fail=FAIL)
        second_boot = vm.text()[rebooted:vm.mark()]
        t = ready_seconds(vm, m)
        sc.check("pxe: installed, rebooted, ready from its own disk on slot a", True)
        tftp_bytes = os.path.getsize(script)
        print("# pxe: power-on to installed-and-ready %.0f s; transferred %d bytes by TFTP (boot.ipxe) + %d "
              "by HTTP (%s); stage-1 bundle verification %d ms"
              % (t, tftp_bytes, srv.bytes, ", ".join("%s %d" % p for p in srv.paths), verify_ms), flush=True)
        got = [p for p, _ in srv.paths]
        sc.equal("pxe: iPXE fetched the UKI, the installer its config, signature and bundle over HTTP",
                 got, ["/node/node-install.efi", "/node/provision.conf", "/node/provision.conf.minisig",
                       "/node/node.bundle"])
        check_installed(sc, vm, "pxe")
        check_firmware_entry(sc, vm, entry, second_boot)
        vm.kill()
    finally:
        srv.close()


def usb_vm(sc, name, disk, stick, stick_first=False):
    # the node's NIC is there (its firewall names it) but last in the boot order: no PXE here;
    # a blank disk fails to boot and the firmware goes on to the stick, an installed one boots
    # unless the stick is put first (as an operator does to reinstall)
    disk_i, stick_i = (2, 1) if stick_first else (1, 2)
    return sc.vm(disk, name=name, disk_opts=",bootindex=%d" % disk_i, nic_opts=",bootindex=3",
                 extra=["-device", "qemu-xhci,id=xhci",
                        "-drive", "if=none,id=stick,format=raw,file=" + stick,
                        "-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=%d" % stick_i])


def usb(sc, usb_img):
    stick = os.path.join(sc.work, "usb.img")
    shutil.copyfile(usb_img, stick)
    before = sha256(stick)
    disk = blank_disk(sc, "usb-disk.img")
    vm = usb_vm(sc, "usb", disk, stick).start()
    vm.wait_for(r"^node: install: done in (\d+) ms", INSTALL_TIMEOUT, fail=FAIL)
    m = vm.wait_for(r"^node: ready: version=\S+ slot=a", 400, fail=FAIL)
    t = ready_seconds(vm, m)
    sc.check("usb: installed, rebooted, ready from its own disk on slot a", True)
    print("# usb: power-on to installed-and-ready %.0f s" % t, flush=True)
    check_installed(sc, vm, "usb")
    vm.kill()
    sc.equal("usb: the installer stick was not written", sha256(stick), before)
    return disk


def wiped(sc, usb_img, disk):
    """Reinstall over an installed node: a stick whose signed config says `wipe yes`."""
    stick = os.path.join(sc.work, "wipe-usb.img")
    shutil.copyfile(usb_img, stick)
    conf = open(os.path.join(sc.image(), "provision.conf")).read()
    sc.check("wipe: the development config says wipe no and hostname node-dev",
             "\nwipe no\n" in conf and "\nhostname node-dev\n" in conf, conf[:200])
    conf = conf.replace("\nwipe no\n", "\nwipe yes\n").replace("\nhostname node-dev\n", "\nhostname node-again\n")
    path = os.path.join(sc.work, "provision.conf")
    open(path, "w").write(conf)
    subprocess.run([os.path.join(sc.build, "nodebundle"), "sign-file", "-s",
                    os.path.join(sc.build, "keys", "dev.key"), path], check=True, capture_output=True)
    spec = "%s@@%d" % (stick, fat_offset(stick))
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    for f in (path, path + ".minisig"):
        subprocess.run(["mcopy", "-o", "-i", spec, f, "::/install/"], check=True, env=env)
    vm = usb_vm(sc, "wipe", disk, stick, stick_first=True).start()
    m = vm.wait_for(r"^nodeupdate: provision: disk vda is not blank \(.*\): `wipe yes` overwrites it.*$",
                    600, fail=FAIL)
    sc.check("wipe: provision overwrites the installed disk because the config says wipe yes", True, m.group(0))
    vm.wait_for(r"^node: install: done in (\d+) ms", INSTALL_TIMEOUT, fail=FAIL)
    vm.wait_for(r"^node: ready: version=\S+ slot=a", 400, fail=FAIL)
    vm.wait_shell()
    sc.equal("wipe: the reinstalled node has the new config's hostname", vm.must("hostname").strip(),
             "node-again")
    vm.kill()


def fat_offset(img):
    """Where the USB image's one partition (the FAT that mtools reads as IMG@@OFFSET) starts."""
    part = subprocess.run(["sfdisk", "-J", img], capture_output=True, text=True, check=True)
    return json.loads(part.stdout)["partitiontable"]["partitions"][0]["start"] * 512


def tampered(sc, usb_img):
    stick = os.path.join(sc.work, "tampered.img")
    shutil.copyfile(usb_img, stick)
    start = fat_offset(stick)
    spec = "%s@@%d" % (stick, start)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    bundle = os.path.join(sc.work, "node.bundle")
    subprocess.run(["mcopy", "-n", "-i", spec, "::/install/node.bundle", bundle], check=True, env=env)
    data = bytearray(open(bundle, "rb").read())
    # one bit in the middle of root.img's data: the signature and manifest stay good, the
    # verity tree catches it (the whole bundle is verified before anything is mapped)
    data[len(data) // 2] ^= 0x01
    open(bundle, "wb").write(bytes(data))
    subprocess.run(["mcopy", "-o", "-i", spec, bundle, "::/install/node.bundle"], check=True, env=env)
    disk = blank_disk(sc, "tampered-disk.img")
    vm = usb_vm(sc, "tampered", disk, stick).start()
    m = vm.wait_for(r"^node: FAIL install: bundle .*no disk was changed.*$", 600)
    sc.check("tampered bundle: stage 1 refuses it, saying why", True, m.group(0))
    print("# tampered: %s" % m.group(0), flush=True)
    vm.kill()
    sc.check("tampered bundle: the target disk is still blank (all zero)", all_zero(disk), "bytes were written")


def not_blank(sc, usb_img):
    stick = os.path.join(sc.work, "notblank-usb.img")
    shutil.copyfile(usb_img, stick)
    disk = blank_disk(sc, "notblank-disk.img")
    # somebody's disk: a GPT with one Linux partition
    subprocess.run(["sfdisk", "-q", disk], input="label: gpt\nsize=64MiB, type=linux, name=\"precious\"\n",
                   text=True, check=True)
    before = sha256(disk)
    vm = usb_vm(sc, "notblank", disk, stick).start()
    m = vm.wait_for(r"^nodeupdate: .*not blank.*$", 600, fail=r"^node: install: done")
    sc.check("disk not blank: nodeupdate provision refuses it without `wipe yes`", True, m.group(0))
    vm.wait_for(r"^node: FAIL install: nodeupdate provision failed", 60)
    print("# not blank: %s" % m.group(0), flush=True)
    vm.kill()
    sc.equal("disk not blank: it was not touched", sha256(disk), before)


def run(sc):
    pxe_dir, usb_img = os.path.join(sc.build, "pxe"), os.path.join(sc.build, "usb", "node-usb.img")
    sc.check("make pxe and make usb made their artefacts",
             os.path.isdir(pxe_dir) and os.path.isfile(usb_img), "%s, %s" % (pxe_dir, usb_img))
    tampered(sc, usb_img)
    not_blank(sc, usb_img)
    installed = usb(sc, usb_img)
    wiped(sc, usb_img, installed)
    pxe(sc, pxe_dir)
