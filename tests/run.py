#!/usr/bin/env python3
"""Run every test: the C unit tests, then the QEMU acceptance scenarios.
Ends with one line `N passed, N failed`; exits non-zero if anything failed."""
import argparse
import glob
import importlib
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
sys.path.insert(0, os.path.join(HERE, "acceptance"))
from harness import Results, run_scenario  # noqa: E402


def run_unit(results, build):
    for exe in sorted(glob.glob(os.path.join(build, "unit", "test_*"))):
        name = os.path.basename(exe)
        p = subprocess.run([exe], capture_output=True, text=True, timeout=120)
        seen = 0
        for line in p.stdout.splitlines():
            m = re.match(r"^(ok|not ok) - (.*)$", line)
            if m:
                seen += 1
                why = ""
                test = m.group(2)
                if m.group(1) == "not ok" and ": " in test:
                    test, why = test.split(": ", 1)
                results.record("unit %s: %s" % (name, test), m.group(1) == "ok", why)
        if p.returncode != 0 and seen == 0:
            results.record("unit %s" % name, False, "exit %d: %s" % (p.returncode, p.stderr.strip()))


# Host-side scripts: the update agent on file-backed disk images inside User-mode Linux
# (tests/update/*.sh), and the data diode's sender and receiver in network namespaces
# (tests/diode/run.sh). Name -> script.
HOST_TESTS = {"scenarios": "update/scenarios.sh", "bad-bundles": "update/bad-bundles.sh",
              "crash-injection": "update/crash-injection.sh", "diode": "diode/run.sh"}


def start_host(build, name):
    logdir = os.path.join(build, "tests", "host")
    os.makedirs(logdir, exist_ok=True)
    log = open(os.path.join(logdir, name + ".log"), "w+")
    p = subprocess.Popen(["sh", os.path.join(HERE, HOST_TESTS[name]), build], stdout=log,
                         stderr=subprocess.STDOUT, text=True)
    return p, log


def label(name):
    return HOST_TESTS[name].split("/")[0]


def finish_host(results, name, p, log):
    """One host-side script: each `ok - ...`/`not ok - ...` line it printed is one test."""
    try:
        rc = p.wait(timeout=1800)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    log.seek(0)
    out = log.read()
    log.close()
    failed = 0
    for line in out.splitlines():
        m = re.match(r"^(ok|not ok) - (.*)$", line)
        if m:
            failed += m.group(1) != "ok"
            test, why = m.group(2), ""
            if m.group(1) == "not ok" and ": " in test:
                test, why = test.split(": ", 1)
            results.record("%s %s: %s" % (label(name), name, test), m.group(1) == "ok", why)
        elif line.startswith("crash-injection: ") or line.startswith("bad-bundles: "):
            print("# " + line, flush=True)
    if rc != 0 and failed == 0:
        tail = " | ".join(out.strip().splitlines()[-5:])
        results.record("%s %s" % (label(name), name), False, "exit %d: %s" % (rc, tail))


def run_host(results, build, names):
    """The scripts run side by side: each UML is one single-CPU User-mode Linux, mostly waiting on
    its own I/O, and the diode's run is short; the QEMU scenarios come after them, alone."""
    s = time.monotonic()
    running = [(n,) + start_host(build, n) for n in names]
    for name, p, log in running:
        finish_host(results, name, p, log)
    print("# host tests (%s) took %.0fs" % (", ".join(names), time.monotonic() - s), flush=True)


LONG_LANE = {"test_ab_update", "test_diode"}   # test_diode reuses the v2 test_ab_update builds first
# A lane of its own: four short installs (about 4 min) whose VMs mostly read and write disks,
# beside the update lane's waits (failed trials, reboot delays) and the other scenarios.
OWN_LANE = {"test_install"}


def run_lane(results, mods, build):
    for mod in mods:
        print("# scenario %s" % mod, flush=True)
        s = time.monotonic()
        run_scenario(results, importlib.import_module(mod), build, os.path.join(build, "tests"))
        print("# scenario %s took %.0fs" % (mod, time.monotonic() - s), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--only", help="run only acceptance scenarios whose name contains this")
    ap.add_argument("--no-unit", action="store_true")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    results = Results()
    t0 = time.monotonic()
    if not a.no_unit:
        run_unit(results, build)
    host = [n for n in HOST_TESTS if not a.only or a.only in label(n) + "-" + n]
    if host:
        run_host(results, build, host)
    mods = [os.path.basename(p)[:-3] for p in sorted(glob.glob(os.path.join(HERE, "acceptance", "test_*.py")))]
    mods = [m for m in mods if not a.only or a.only in m]
    # Lanes of QEMU scenarios side by side: the long update scenario spends most of its time
    # waiting (trial boots that fail, reboot delays, panic timeouts), the installs run beside it,
    # the rest one after the other. Each scenario has its own work directory, VMs and ports.
    lanes = [[m for m in mods if m in LONG_LANE], [m for m in mods if m in OWN_LANE],
             [m for m in mods if m not in LONG_LANE | OWN_LANE]]
    threads = [threading.Thread(target=run_lane, args=(results, lane, build)) for lane in lanes if lane]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("# total %.0fs" % (time.monotonic() - t0))
    for name, why in results.failures:
        print("# FAILED %s: %s" % (name, why))
    print("%d passed, %d failed" % (results.passed, results.failed))
    sys.exit(1 if results.failed else 0)


if __name__ == "__main__":
    main()
