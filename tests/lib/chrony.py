"""A real NTP server for the tests: Debian's chronyd, serving time on 127.0.0.1 only.

The chrony package is not installed: it conflicts with systemd-timesyncd and would take over the
host's own time keeping and reach for public servers. Its .deb is downloaded (apt-get download,
checked against the signed archive index like any install) and unpacked into the build
directory; chronyd runs from there with -x (never touches the host clock), -u root (no user to
drop to), no command port, answering as a local stratum 8 clock."""
import glob
import os
import subprocess
import time


def chronyd(build):
    """Path of chronyd unpacked from Debian's chrony package (downloaded once)."""
    d = os.path.join(os.path.abspath(build), "tools", "chrony")
    exe = os.path.join(d, "root", "usr", "sbin", "chronyd")
    if os.path.exists(exe):
        return exe
    os.makedirs(d, exist_ok=True)
    subprocess.run(["apt-get", "download", "-q", "-o", "APT::Sandbox::User=root", "chrony"], cwd=d, check=True, stdout=subprocess.DEVNULL)
    deb = sorted(glob.glob(os.path.join(d, "chrony_*.deb")))[-1]
    subprocess.run(["dpkg-deb", "-x", deb, os.path.join(d, "root")], check=True)
    return exe


class Chrony:
    def __init__(self, build, workdir, port):
        self.port = port
        conf = os.path.join(workdir, "chrony.conf")
        with open(conf, "w") as f:
            f.write("port %d\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 8\ncmdport 0\n"
                    "pidfile %s\ndriftfile %s\n" % (port, os.path.join(workdir, "chronyd.pid"),
                                                    os.path.join(workdir, "chrony.drift")))
        self.log = open(os.path.join(workdir, "chronyd.log"), "w")
        self.proc = subprocess.Popen([chronyd(build), "-x", "-d", "-u", "root", "-f", conf, "-L", "0"],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        time.sleep(1)
        if self.proc.poll() is not None:
            raise RuntimeError("chronyd exited at once, see %s" % self.log.name)

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.log.close()
