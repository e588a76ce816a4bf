"""Counting checks: every check is one test, reported as `ok - name` or `not ok - name: why`."""
import os
import shutil
import subprocess
import sys
import threading
import traceback


class Results:
    """Thread-safe: tests/run.py runs two lanes of scenarios side by side."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []
        self.lock = threading.Lock()

    def record(self, name, ok, why=""):
        with self.lock:
            if ok:
                self.passed += 1
                print("ok - %s" % name, flush=True)
            else:
                self.failed += 1
                self.failures.append((name, why))
                print("not ok - %s: %s" % (name, why), flush=True)


class Scenario:
    """One acceptance scenario: a few boots of a real image, several named checks."""

    def __init__(self, results, name, build, work):
        self.results, self.name, self.build, self.work = results, name, build, work
        self.vms = []

    def check(self, name, ok, why=""):
        self.results.record("%s: %s" % (self.name, name), bool(ok), why)
        return ok

    def equal(self, name, got, want):
        return self.check(name, got == want, "got %r, want %r" % (got, want))

    def image(self, variant="debug"):
        return os.path.join(self.build, variant)

    def disk_copy(self, variant="debug", name="disk.img"):
        """A private, sparse copy of a built disk image this scenario may change."""
        dst = os.path.join(self.work, name)
        subprocess.run(["cp", "--sparse=always", os.path.join(self.image(variant), "disk.img"), dst], check=True)
        return dst

    def disk_of(self, bundle, name):
        """A private, sparse copy of the disk image built beside a bundle (images.build_version)."""
        dst = os.path.join(self.work, name)
        subprocess.run(["cp", "--sparse=always", os.path.join(os.path.dirname(bundle), "disk.img"), dst], check=True)
        return dst

    def vm(self, disk, **kw):
        from vm import VM
        v = VM(disk, self.work, **kw)
        self.vms.append(v)
        return v

    def cleanup(self):
        for v in self.vms:
            v.kill()


def run_scenario(results, module, build, workroot):
    name = module.__name__.replace("test_", "")
    work = os.path.join(workroot, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    sc = Scenario(results, name, build, work)
    try:
        module.run(sc)
    except Exception as e:  # a scenario that breaks off counts as a failure, with the reason
        traceback.print_exc(file=sys.stdout)
        sc.check("scenario completed", False, "%s: %s" % (type(e).__name__, e))
    finally:
        sc.cleanup()
