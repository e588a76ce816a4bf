#!/usr/bin/env python3
"""Boot-time benchmark: the node image against a reference image (same firmware, systemd-boot and
kernel; an initramfs whose init only prints its uptime), booted alternately in the same run.

Split: firmware+loader = host time of the line - guest uptime in it; kernel = uptime when init
starts; init = init start -> ready. Printed as medians and as ratios to the reference. Also the
UKI and root image sizes, and PID 1's peak RSS (VmHWM) on the debug image after ready."""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from vm import VM  # noqa: E402


def sh(*cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def build_reference(build, work):
    kernel_dir = os.path.join(build, "kernel")
    kver = os.listdir(os.path.join(kernel_dir, "lib", "modules"))[0]
    tree = os.path.join(work, "ref.tree")
    shutil.rmtree(tree, ignore_errors=True)
    for d in ("dev", "proc", "sys"):
        os.makedirs(os.path.join(tree, d))
    sh("musl-gcc", "-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Werror", "-O2", "-static",
       "-o", os.path.join(tree, "init"), os.path.join(HERE, "refinit.c"))
    cpio = os.path.join(work, "ref.cpio")
    with open(cpio, "wb") as f:
        files = subprocess.run("cd %s && find . | LC_ALL=C sort" % tree, shell=True, capture_output=True).stdout
        subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"], cwd=tree, input=files, stdout=f, check=True)
    cmdline = os.path.join(work, "ref.cmdline")
    open(cmdline, "w").write("console=tty0 console=ttyS0,115200 quiet panic=10")
    osrel = os.path.join(work, "ref.osrel")
    open(osrel, "w").write("ID=node\nIMAGE_ID=node\nIMAGE_VERSION=0-reference\n")
    uki = os.path.join(work, "ref.efi")
    sh("sh", os.path.join(TOP, "image", "build-uki.sh"), uki, os.path.join(kernel_dir, "boot", "vmlinuz-" + kver),
       cpio, cmdline, osrel)
    esp = os.path.join(work, "ref-esp.img")
    sh("sh", os.path.join(TOP, "image", "build-esp.sh"), esp, "128", "ref.efi=" + uki)
    empty = os.path.join(work, "ref-root.img")
    open(empty, "wb").write(b"\0" * 4096)
    disk = os.path.join(work, "ref-disk.img")
    sh("sh", os.path.join(TOP, "image", "build-disk.sh"), disk, esp, empty)
    return disk


def boot_reference(disk, work, i):
    vm = VM(disk, work, name="ref%d" % i).start()
    try:
        m = vm.wait_for(r"^ref: init \(t=([0-9.]+)s\)", 300)
        host = [t for t, l in vm.line_times if l.startswith("ref: init")][0]
        kernel = float(m.group(1))
        return {"firmware": host - kernel, "kernel": kernel, "init": 0.0, "total": host}
    finally:
        vm.kill()


def boot_node(disk, work, i):
    vm = VM(disk, work, name="node%d" % i).start()
    try:
        vm.wait_ready(300)
        text = vm.text()
        t1 = float(re.search(r"^node: stage1: start \(t=([0-9.]+)s\)", text, re.M).group(1))
        t2 = float(re.search(r"^node: stage2: start \(t=([0-9.]+)s\)", text, re.M).group(1))
        tr = float(re.search(r"^node: ready: .*\(t=([0-9.]+)s\)", text, re.M).group(1))
        host = [t for t, l in vm.line_times if l.startswith("node: ready:")][0]
        return {"firmware": host - tr, "kernel": t1, "init": tr - t1, "stage1": t2 - t1, "stage2": tr - t2,
                "total": host}
    finally:
        vm.kill()


def pid1_rss(disk, work):
    vm = VM(disk, work, name="rss").start()
    try:
        vm.wait_ready(300)
        vm.wait_shell()
        # /proc/PID/status's VmRSS/VmHWM come from per-task counters the kernel syncs lazily (they
        # showed 4 kB here); smaps_rollup walks the page tables and is exact. PID 1 allocates
        # nothing after start-up, so its current Rss is its peak.
        return vm.must("grep -E '^(Rss|Pss_Anon|Pss_File):' /proc/1/smaps_rollup | tr -s ' \\t' ' '; "
                       "grep -E 'VmHWM|VmData|VmExe' /proc/1/status | tr -s ' \\t' ' '")
    finally:
        vm.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    work = os.path.join(build, "bench")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    ref_disk = build_reference(build, work)
    node_src = os.path.join(build, "prod", "disk.img")
    ref, node = [], []
    for i in range(a.rounds):   # alternate, so drift in the machine's load hits both alike
        ref.append(boot_reference(ref_disk, work, i))
        d = os.path.join(work, "node%d.img" % i)
        sh("cp", "--sparse=always", node_src, d)
        node.append(boot_node(d, work, i))
        os.unlink(d)
    med = lambda runs, k: statistics.median(r[k] for r in runs)
    print("boot time, median of %d boots each (seconds; TCG emulation, so only ratios carry over):" % a.rounds)
    print("  %-22s %9s %9s %7s" % ("phase", "reference", "node", "ratio"))
    for k in ("firmware", "kernel", "init", "total"):
        r, n = med(ref, k), med(node, k)
        print("  %-22s %9.3f %9.3f %7s" % (k, r, n, "%.2f" % (n / r) if r > 0 else "-"))
    print("  node init split: stage1 %.3f s, stage2 to ready %.3f s" % (med(node, "stage1"), med(node, "stage2")))
    for name in ("uki.efi", "root.img", "initramfs.cpio"):
        print("size %-15s %8.1f MiB" % (name, os.path.getsize(os.path.join(build, "prod", name)) / 1048576))
    print("size %-15s %8.1f MiB" % ("ref.efi", os.path.getsize(os.path.join(work, "ref.efi")) / 1048576))
    d = os.path.join(work, "rss.img")
    sh("cp", "--sparse=always", os.path.join(build, "debug", "disk.img"), d)
    print("PID 1 after ready:", pid1_rss(d, work).replace("\n", ", "))


if __name__ == "__main__":
    main()
