"""A QEMU virtual machine under test: OVMF + a node disk image, serial console captured.

The console transcript goes to <workdir>/<name>.console.log (kept for the person reading a failure).
Commands run through the debug build's console shell, framed by markers the shell prints, so
their output and exit status can be read back exactly.
"""
import os
import re
import shutil
import socket
import subprocess
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"


def accel_args():
    out = subprocess.run(["sh", os.path.join(TOP, "qemu", "accel.sh")], capture_output=True, text=True)
    return out.stdout.split()


_ACCEL = None
# BusyBox's line editor asks the terminal for the cursor position (ESC [6n) at each prompt.
ANSI = re.compile(r"\x1b\[[0-9;=?]*[A-Za-z]")


class VMError(Exception):
    pass


class VM:
    def __init__(self, disk, workdir, name="vm", mem=1024, extra=None, net=True, net_opts="",
                 disk_opts=None, nic_opts=""):
        """disk_opts: None for the plain virtio disk, or options for its virtio-blk-pci device
        (",bootindex=1,serial=X"); nic_opts: options for the virtio-net-pci device."""
        global _ACCEL
        if _ACCEL is None:
            _ACCEL = accel_args()
        self.disk, self.workdir, self.name = disk, workdir, name
        os.makedirs(workdir, exist_ok=True)
        self.vars = os.path.join(workdir, name + ".vars.fd")
        if not os.path.exists(self.vars):
            shutil.copyfile(OVMF_VARS, self.vars)
        self.mon_path = os.path.join(workdir, name + ".mon")
        self.log_path = os.path.join(workdir, name + ".console.log")
        self.mem, self.extra, self.net, self.net_opts = mem, extra or [], net, net_opts
        self.disk_opts, self.nic_opts = disk_opts, nic_opts
        self.proc = None
        self.buf = ""
        self.pos = 0          # where the next wait_for starts looking
        self.lock = threading.Lock()
        self.seq = 0
        self.t0 = None        # host time at QEMU start
        self.line_times = []  # (host seconds since t0, line) for every console line

    # -- lifetime -------------------------------------------------------------------------------
    def start(self):
        args = ["qemu-system-x86_64"] + _ACCEL + [
            "-machine", "q35", "-m", str(self.mem), "-smp", "2", "-display", "none", "-no-user-config", "-nodefaults",
            "-serial", "stdio", "-monitor", "unix:%s,server=on,wait=off" % self.mon_path,
            "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
            "-drive", "if=pflash,format=raw,unit=1,file=" + self.vars,
        ]
        if self.disk_opts is None:
            args += ["-drive", "file=%s,format=raw,if=virtio" % self.disk]
        else:
            args += ["-drive", "file=%s,format=raw,if=none,id=d0" % self.disk,
                     "-device", "virtio-blk-pci,drive=d0" + self.disk_opts]
        if self.net:
            args += ["-netdev", "user,id=n0,restrict=on" + self.net_opts,
                     "-device", "virtio-net-pci,netdev=n0" + self.nic_opts]
        args += self.extra
        self.log = open(self.log_path, "a", encoding="utf-8", errors="replace")
        self.log.write("=== start %s\n" % " ".join(args))
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        return self

    def _read(self):
        partial = ""
        held = ""   # the start of an escape sequence the next read completes
        while True:
            data = self.proc.stdout.read1(65536)
            if not data:
                break
            text = held + data.decode("utf-8", errors="replace").replace("\r", "")
            held = ""
            esc = text.rfind("\x1b")
            if esc >= 0 and len(text) - esc < 16 and not ANSI.match(text, esc):
                text, held = text[:esc], text[esc:]
            text = ANSI.sub("", text)
            now = time.monotonic() - self.t0
            with self.lock:
                self.buf += text
            self.log.write(text)
            self.log.flush()
            partial += text
            while "\n" in partial:
                line, partial = partial.split("\n", 1)
                self.line_times.append((now, line))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        if self.alive():
            self.proc.kill()
            self.proc.wait()
        if self.proc is not None:
            self.reader.join(timeout=5)
            self.log.close()
            self.proc = None

    def monitor(self, cmd):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(5)
        s.connect(self.mon_path)
        s.sendall((cmd + "\n").encode())
        time.sleep(0.3)
        s.close()

    # -- console ---------------------------------------------------------------------------------
    def text(self):
        with self.lock:
            return self.buf

    def mark(self):
        """The current console position, for wait_for(since=...)."""
        return self.pos

    def wait_for(self, pattern, timeout, fail=None, since=None):
        """Wait until `pattern` appears after the current position (or after `since`, a mark
        taken earlier: for a service's line, whose order against init's ready line is not fixed);
        return the match. Raises VMError on timeout, on QEMU exit, or when `fail` matches first."""
        rx = re.compile(pattern, re.M)
        frx = re.compile(fail, re.M) if fail else None
        end = time.monotonic() + timeout
        while True:
            start = self.pos if since is None else since
            with self.lock:
                # whole lines only: a line still arriving would let ".*$" match half of it
                chunk = self.buf[start:self.buf.rfind("\n") + 1]
            m = rx.search(chunk)
            if m:
                self.pos = max(self.pos, start + m.end())
                return m
            if frx:
                f = frx.search(chunk)
                if f:
                    raise VMError("console showed %r while waiting for %r" % (f.group(0), pattern))
            if not self.alive():
                raise VMError("QEMU exited while waiting for %r" % pattern)
            if time.monotonic() > end:
                raise VMError("no %r on the console within %ds (log: %s)" % (pattern, timeout, self.log_path))
            time.sleep(0.05)

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def sh(self, cmd, timeout=60):
        """Run `cmd` in the console shell; return (exit status, output without init's status lines)."""
        self.seq += 1
        n = self.seq
        # The markers are assembled by printf, so the echoed command line never matches them.
        self.send("printf '\\n%%s_%%d\\n' __B %d; %s; printf '\\n%%s_%%d_%%d\\n' __E %d $?\n" % (n, cmd, n))
        self.wait_for(r"^__B_%d$" % n, timeout)
        start = self.pos
        m = self.wait_for(r"^__E_%d_(\d+)$" % n, timeout)
        with self.lock:
            out = self.buf[start:self.pos - len(m.group(0))]
        lines = [l for l in out.split("\n") if not l.startswith("node: ")]
        return int(m.group(1)), "\n".join(lines).strip("\n")

    def must(self, cmd, timeout=60):
        rc, out = self.sh(cmd, timeout)
        if rc != 0:
            raise VMError("command %r failed with status %d: %s" % (cmd, rc, out))
        return out

    def wait_ready(self, timeout=180):
        m = self.wait_for(r"^node: ready: version=(\S+) slot=(\S+)", timeout, fail=r"^node: FAIL .*")
        return m.group(1), m.group(2)

    def wait_shell(self, timeout=60):
        """Wait for the debug shell to answer a command (the console is shared with boot output)."""
        end = time.monotonic() + timeout
        # No echo and no prompt: init's status lines then always start a line of their own.
        self.send("stty -echo; PS1=''\n")
        while time.monotonic() < end:
            try:
                self.sh("true", timeout=5)
                return
            except VMError:
                continue
        raise VMError("the console shell did not answer within %ds" % timeout)
