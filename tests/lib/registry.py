#!/usr/bin/env python3
"""A real container registry on the host's loopback, for the node to pull from.

  - make_ca / issue_server_cert: a private CA and a registry certificate (openssl, EC P-256),
    backdated a day so a guest clock a little behind the host's still accepts them;
  - Registry: Debian's docker-registry (distribution 2.8) on 127.0.0.1:<port>, TLS, htpasswd basic
    auth (bcrypt), filesystem storage and its log in a work directory; nothing configured that could
    reach off the host (no notifications, proxy, redis, reporting, debug server, letsencrypt) and a
    scrubbed environment, so no REGISTRY_* variable can add any;
  - build_image: a deterministic OCI image (busybox-static, its applets, /hello) made here;
  - push / fetch / get_manifest: the Registry HTTP API v2 over HTTPS, loopback URLs only;
  - guestfwd / relay: the node reaches the registry as https://10.0.2.100:5000 through QEMU's
    guestfwd with `cmd:`, one relay process per guest connection (a `tcp:` chardev target is one
    byte stream opened at QEMU start, shared by every guest connection, and broken by a restart).

`python3 tests/lib/registry.py --selftest` proves it all on this machine, on loopback only.
Standard library only; openssl, docker-registry and (if present) htpasswd are run as programs.
"""
import datetime
import gzip
import hashlib
import http.client
import io
import ipaddress
import json
import os
import secrets
import selectors
import shutil
import socket
import ssl
import subprocess
import sys
import tarfile
import time
import urllib.parse
from dataclasses import dataclass, field

REGISTRY_BIN = "/usr/bin/docker-registry"
BUSYBOX = "/bin/busybox"          # Debian's busybox-static: the image's only program
APPLETS = ["sh", "echo", "cat", "sleep", "ping", "ping6", "nc", "nslookup", "tftp", "wget", "ip", "ls",
           "timeout", "arping"]
GUEST_IP, GUEST_PORT = "10.0.2.100", 5000   # where the node finds the registry

MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
MT_INDEX = "application/vnd.oci.image.index.v1+json"
LAYER_MTIME = 946684800           # 2000-01-01T00:00:00Z: every entry of the layer


class RegistryError(Exception):
    pass


def _run(args, what, **kw):
    p = subprocess.run(args, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise RegistryError("%s failed (exit %d): %s\n%s" % (what, p.returncode, " ".join(args),
                                                             (p.stderr or p.stdout).strip()))
    return p.stdout


def sha256_digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


# -- certificates ---------------------------------------------------------------------------------
def _asn1_time(t):
    return t.strftime("%Y%m%d%H%M%SZ")


def _openssl_sign(dirpath, name, csr_key, cn, ext_lines, ca_key=None, ca_cert=None,
                  days=3650, backdate_hours=24):
    """A certificate for csr_key, made with `openssl ca` (the only 3.0 command that sets notBefore):
    self-signed when ca_key is None. Its config is private, so /etc/ssl/openssl.cnf plays no part."""
    work = os.path.join(dirpath, ".%s.ca" % name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    open(os.path.join(work, "index.txt"), "w").close()
    with open(os.path.join(work, "serial"), "w") as f:
        f.write("%032X\n" % (secrets.randbits(120) | (1 << 124)))   # random, positive, 16 bytes
    cfg = os.path.join(work, "openssl.cnf")
    with open(cfg, "w") as f:
        f.write("""[ca]
default_ca = ca_here
[ca_here]
dir = %(work)s
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
preserve = no
[policy_any]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
utf8 = yes
[dn]
CN = %(cn)s
[ext]
%(ext)s
""" % {"work": work, "cn": cn.replace("\n", " "), "ext": "\n".join(ext_lines)})
    csr = os.path.join(work, "req.csr")
    _run(["openssl", "req", "-new", "-config", cfg, "-key", csr_key, "-out", csr], "openssl req")
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    start = now - datetime.timedelta(hours=backdate_hours)
    end = now + datetime.timedelta(days=days)
    out = os.path.join(dirpath, name + ".crt")
    args = ["openssl", "ca", "-batch", "-notext", "-config", cfg, "-in", csr, "-out", out,
            "-extensions", "ext", "-startdate", _asn1_time(start), "-enddate", _asn1_time(end)]
    if ca_key is None:
        args += ["-selfsign", "-keyfile", csr_key]
    else:
        args += ["-cert", ca_cert, "-keyfile", ca_key]
    _run(args, "openssl ca")
    shutil.rmtree(work, ignore_errors=True)
    return out


def _new_key(path):
    _run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
          "-out", path], "openssl genpkey")
    os.chmod(path, 0o600)
    return path


def make_ca(dirpath, cn, name="ca", days=3650):
    """A new CA in dirpath: returns (key path, certificate path). EC P-256, CA:TRUE, keyCertSign."""
    os.makedirs(dirpath, exist_ok=True)
    key = _new_key(os.path.join(dirpath, name + ".key"))
    cert = _openssl_sign(dirpath, name, key, cn, [
        "basicConstraints = critical, CA:TRUE",
        "keyUsage = critical, keyCertSign, cRLSign",
        "subjectKeyIdentifier = hash",
    ], days=days)
    return key, cert


def issue_server_cert(ca_key, ca_cert, dirpath, ips=(GUEST_IP, "127.0.0.1"), dns=(), name="server",
                      cn=None, days=3650):
    """A TLS server certificate from the CA: returns (key path, certificate path).
    subjectAltName holds every IP in ips and name in dns; EKU serverAuth."""
    os.makedirs(dirpath, exist_ok=True)
    sans = ["IP:%s" % ipaddress.ip_address(i) for i in ips] + ["DNS:%s" % d for d in dns]
    if not sans:
        raise ValueError("a server certificate needs at least one IP or DNS name")
    key = _new_key(os.path.join(dirpath, name + ".key"))
    cert = _openssl_sign(dirpath, name, key, cn or (list(dns) + list(ips))[0], [
        "basicConstraints = critical, CA:FALSE",
        "keyUsage = critical, digitalSignature",
        "extendedKeyUsage = serverAuth",
        "subjectAltName = " + ", ".join(sans),
        "subjectKeyIdentifier = hash",
        "authorityKeyIdentifier = keyid",
    ], ca_key=ca_key, ca_cert=ca_cert, days=days)
    return key, cert


# -- HTTP, loopback only --------------------------------------------------------------------------
def _loopback_only(url):
    host = urllib.parse.urlsplit(url).hostname
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise RegistryError("refusing %s: only loopback addresses may be reached from the host" % url)


def tls_context(cafile):
    ctx = ssl.create_default_context(cafile=cafile)   # this CA alone, hostname (IP SAN) checked
    return ctx


def fetch(url, cafile, user=None, password=None, method="GET", body=None, headers=None, timeout=30):
    """One HTTPS request to a loopback URL, the server verified against cafile alone.
    Returns (status, headers as a dict with lower-case names, body bytes). TLS errors propagate."""
    _loopback_only(url)
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPSConnection(u.hostname, u.port or 443, context=tls_context(cafile),
                                       timeout=timeout)
    hdrs = dict(headers or {})
    if user is not None:
        import base64
        hdrs["Authorization"] = "Basic " + base64.b64encode(
            ("%s:%s" % (user, password)).encode()).decode()
    path = u.path + ("?" + u.query if u.query else "")
    try:
        conn.request(method, path, body=body, headers=hdrs)
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        conn.close()


def get_manifest(url_base, cafile, repo, ref, user=None, password=None):
    """GET /v2/<repo>/manifests/<ref> accepting OCI and Docker media types: (status, headers, body)."""
    accept = ", ".join([MT_MANIFEST, MT_INDEX, "application/vnd.docker.distribution.manifest.v2+json",
                        "application/vnd.docker.distribution.manifest.list.v2+json"])
    return fetch("%s/v2/%s/manifests/%s" % (url_base.rstrip("/"), repo, ref), cafile, user, password,
                 headers={"Accept": accept})


# -- the registry ---------------------------------------------------------------------------------
def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def bcrypt_hash(password):
    """A bcrypt hash registry 2.8 accepts: htpasswd -B (apache2-utils) when present, else crypt(3)
    ($2b$, Debian's libxcrypt). Cost 5: the registry checks it on every request."""
    if shutil.which("htpasswd"):
        out = _run(["htpasswd", "-nbBC", "5", "u", password], "htpasswd")
        return out.strip().split(":", 1)[1]
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import crypt
    h = crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=32))
    if not h or not h.startswith("$2"):
        raise RegistryError("crypt(3) made no bcrypt hash; install apache2-utils for htpasswd")
    return h


def _yaml(obj, indent=0):
    """The registry's configuration as YAML: mappings of mappings, strings, numbers, booleans and
    lists of strings; every string quoted as JSON (a YAML double-quoted scalar)."""
    pad = "  " * indent
    lines = []
    for k, v in obj.items():
        if isinstance(v, dict):
            lines.append("%s%s:" % (pad, k))
            lines.append(_yaml(v, indent + 1))
        elif isinstance(v, list):
            lines.append("%s%s: [%s]" % (pad, k, ", ".join(json.dumps(x) for x in v)))
        elif isinstance(v, bool):
            lines.append("%s%s: %s" % (pad, k, "true" if v else "false"))
        elif isinstance(v, (int, float)):
            lines.append("%s%s: %s" % (pad, k, v))
        else:
            lines.append("%s%s: %s" % (pad, k, json.dumps(str(v))))
    return "\n".join(lines)


class Registry:
    """docker-registry on 127.0.0.1:port with TLS (cert, key) and basic auth for users
    ({name: password}), its storage, configuration and log under workdir.

        with Registry(work, cert, key, cafile, {"node": "pw"}) as reg:
            push(reg.url, cafile, "node", "pw", "library/hello", "1", image)

    reg.url is https://127.0.0.1:<port>; start() waits until GET /v2/ answers 401 over TLS verified
    with cafile. restart_with(cert, key, cafile) serves the same storage on the same port with
    another certificate (a guest's guestfwd keeps pointing at it)."""

    def __init__(self, workdir, cert, key, cafile, users=None, port=None, start_timeout=30):
        self.workdir = os.path.abspath(workdir)
        self.cert, self.key, self.cafile = cert, key, cafile
        self.users = dict(users or {"node": "node-password"})
        self.fixed_port = port is not None
        self.port = port
        self.start_timeout = start_timeout
        self.proc = None
        self.logf = None
        self.started_s = None     # seconds the last start() took until the registry answered
        self.storage = os.path.join(self.workdir, "storage")
        self.config_path = os.path.join(self.workdir, "config.yml")
        self.htpasswd_path = os.path.join(self.workdir, "htpasswd")
        self.log_path = os.path.join(self.workdir, "registry.log")

    @property
    def url(self):
        return "https://127.0.0.1:%d" % self.port

    @property
    def host(self):
        return "127.0.0.1:%d" % self.port

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _write_config(self):
        os.makedirs(self.storage, exist_ok=True)
        with open(self.htpasswd_path, "w") as f:
            for u, p in sorted(self.users.items()):
                f.write("%s:%s\n" % (u, bcrypt_hash(p)))
        cfg = {
            "version": "0.1",
            "log": {"level": "info", "formatter": "text", "accesslog": {"disabled": False}},
            "storage": {
                "filesystem": {"rootdirectory": self.storage},
                "cache": {"blobdescriptor": "inmemory"},
                "delete": {"enabled": True},
                "maintenance": {"uploadpurging": {"enabled": False}, "readonly": {"enabled": False}},
                "redirect": {"disable": True},
            },
            "http": {
                "addr": "127.0.0.1:%d" % self.port,
                "net": "tcp",
                "secret": secrets.token_hex(16),   # else a warning and a random one per start
                "relativeurls": True,              # upload Locations without scheme and host
                "tls": {"certificate": os.path.abspath(self.cert), "key": os.path.abspath(self.key)},
                "headers": {"X-Content-Type-Options": ["nosniff"]},
            },
            "auth": {"htpasswd": {"realm": "node-test", "path": self.htpasswd_path}},
            "health": {"storagedriver": {"enabled": False}},
            # Left out on purpose, each a way off the host: notifications, proxy (pull-through),
            # redis, reporting (bugsnag/newrelic), http.debug, http.tls.letsencrypt, middleware.
        }
        with open(self.config_path, "w") as f:
            f.write(_yaml(cfg) + "\n")

    def start(self):
        if not os.path.exists(REGISTRY_BIN):
            raise RegistryError("%s missing: install Debian's docker-registry (image/deps.sh)"
                                % REGISTRY_BIN)
        os.makedirs(self.workdir, exist_ok=True)
        tries = 1 if self.fixed_port else 3
        for attempt in range(tries):
            if not self.fixed_port:
                self.port = free_port()
            self._write_config()
            try:
                return self._start_once()
            except RegistryError as e:
                if attempt + 1 == tries or "address already in use" not in str(e):
                    raise

    def _start_once(self):
        t0 = time.monotonic()
        self.logf = open(self.log_path, "ab")
        self.logf.write(("=== start %s serve %s (port %d)\n" % (REGISTRY_BIN, self.config_path, self.port)).encode())
        self.logf.flush()
        # A clean environment: no REGISTRY_* override, no proxy variable, nothing inherited.
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": self.workdir, "LANG": "C.UTF-8"}
        self.proc = subprocess.Popen([REGISTRY_BIN, "serve", self.config_path], stdin=subprocess.DEVNULL,
                                     stdout=self.logf, stderr=subprocess.STDOUT, env=env,
                                     cwd=self.workdir, start_new_session=True)
        end = t0 + self.start_timeout
        last = "no answer yet"
        while True:
            if self.proc.poll() is not None:
                rc = self.proc.returncode
                self._close()
                raise RegistryError("docker-registry exited with status %d before answering:\n%s"
                                    % (rc, self.log_tail()))
            try:
                st, _, _ = fetch(self.url + "/v2/", self.cafile, timeout=2)
                if st == 401:
                    self.started_s = time.monotonic() - t0
                    return self
                last = "GET /v2/ answered %d, want 401" % st
            except (OSError, http.client.HTTPException) as e:   # refused, TLS not up yet, ...
                last = "%s: %s" % (type(e).__name__, e)
            if time.monotonic() > end:
                self.stop()
                raise RegistryError("docker-registry on %s did not answer within %ds (last: %s); "
                                    "log %s ends:\n%s" % (self.host, self.start_timeout, last,
                                                          self.log_path, self.log_tail()))
            time.sleep(0.05)

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as f:
                return "\n".join(f.read().decode(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        self._close()

    def _close(self):
        self.proc = None
        if self.logf:
            self.logf.close()
            self.logf = None

    def restart_with(self, cert, key, cafile=None):
        """Stop, then serve the same storage on the same port with another certificate; cafile
        (the CA that issued it) is what the readiness check trusts from now on."""
        self.stop()
        self.cert, self.key = cert, key
        if cafile:
            self.cafile = cafile
        self.fixed_port = True
        self._write_config()
        return self._start_once()

    def sockets(self):
        return sockets_of(self.proc.pid) if self.alive() else []


def _addr(hexaddr):
    ip, port = hexaddr.split(":")
    raw = bytes.fromhex(ip)
    if len(raw) == 4:
        a = ipaddress.IPv4Address(raw[::-1])
    else:   # four little-endian 32-bit words
        a = ipaddress.IPv6Address(b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4)))
        if a.ipv4_mapped:
            a = a.ipv4_mapped
    return a, int(port, 16)


def sockets_of(pid):
    """Every TCP/UDP socket process pid holds: [(proto, local ip, local port, remote ip, remote port)]."""
    inodes = set()
    fd_dir = "/proc/%d/fd" % pid
    for fd in os.listdir(fd_dir):
        try:
            link = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    out = []
    for proto in ("tcp", "tcp6", "udp", "udp6"):
        try:
            with open("/proc/%d/net/%s" % (pid, proto)) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            c = row.split()
            if c[9] in inodes:
                (la, lp), (ra, rp) = _addr(c[1]), _addr(c[2])
                out.append((proto, la, lp, ra, rp))
    return out


# -- the image ------------------------------------------------------------------------------------
@dataclass
class Blob:
    media_type: str
    data: bytes
    digest: str = ""

    def __post_init__(self):
        self.digest = sha256_digest(self.data)

    @property
    def size(self):
        return len(self.data)

    def descriptor(self):
        return {"mediaType": self.media_type, "digest": self.digest, "size": self.size}


@dataclass
class Image:
    manifest: Blob
    config: Blob
    layers: list
    diff_ids: list
    marker: str
    layout: str = ""      # an OCI image layout directory holding it (for inspection or import)
    files: list = field(default_factory=list)   # the layer's entries, in order

    @property
    def digest(self):
        return self.manifest.digest


def _hello(marker):
    return ("#!/bin/sh\n"
            "# Prints its marker line, then each argument: a file's content, else the word itself.\n"
            "echo %s\n"
            "for a in \"$@\"; do\n"
            "  if [ -f \"$a\" ]; then cat \"$a\"; else echo \"$a\"; fi\n"
            "done\n") % _sh_quote(marker)


def _sh_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def _layer_tar(entries):
    """entries: {path without leading '/': ("dir", mode) | ("file", bytes, mode) | ("symlink", target)}.
    A deterministic tar: sorted, parents first, fixed mtime, uid/gid 0, no user or group names."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(entries):
            e = entries[path]
            ti = tarfile.TarInfo(path)
            ti.mtime, ti.uid, ti.gid, ti.uname, ti.gname = LAYER_MTIME, 0, 0, "", ""
            if e[0] == "dir":
                ti.type, ti.mode = tarfile.DIRTYPE, e[1]
                tar.addfile(ti)
            elif e[0] == "file":
                ti.type, ti.mode, ti.size = tarfile.REGTYPE, e[2], len(e[1])
                tar.addfile(ti, io.BytesIO(e[1]))
            else:
                ti.type, ti.linkname, ti.mode = tarfile.SYMTYPE, e[1], 0o777
                tar.addfile(ti)
    return buf.getvalue()


def build_image(workdir, marker, extra_files=None, arch="amd64"):
    """A one-layer OCI image made here: /bin/busybox (the host's busybox-static) with symlinks for
    APPLETS, /hello (prints marker, then each argument's file content or the argument), /etc, /tmp.
    extra_files: {"/path": bytes | str | (bytes|str, mode)}; parent directories are added.
    Deterministic: the same inputs give the same digests. Also written as an OCI layout in workdir."""
    if not os.path.exists(BUSYBOX):
        raise RegistryError("%s missing: install Debian's busybox-static (image/deps.sh)" % BUSYBOX)
    with open(BUSYBOX, "rb") as f:
        bb = f.read()
    entries = {"bin": ("dir", 0o755), "etc": ("dir", 0o755), "tmp": ("dir", 0o1777),
               "bin/busybox": ("file", bb, 0o755), "hello": ("file", _hello(marker).encode(), 0o755)}
    for a in APPLETS:
        entries["bin/" + a] = ("symlink", "/bin/busybox")
    for path, v in (extra_files or {}).items():
        data, mode = (v if isinstance(v, tuple) else (v, 0o644))
        if isinstance(data, str):
            data = data.encode()
        rel = path.strip("/")
        parts = rel.split("/")
        for i in range(1, len(parts)):
            entries.setdefault("/".join(parts[:i]), ("dir", 0o755))
        entries[rel] = ("file", data, mode)
    tar = _layer_tar(entries)
    layer = Blob(MT_LAYER, gzip.compress(tar, compresslevel=6, mtime=0))
    diff_id = sha256_digest(tar)
    config = Blob(MT_CONFIG, json.dumps({
        "architecture": arch,
        "os": "linux",
        "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                   "Cmd": ["/hello"], "WorkingDir": "/"},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "2000-01-01T00:00:00Z", "created_by": "tests/lib/registry.py",
                     "comment": marker}],
    }, sort_keys=True, separators=(",", ":")).encode())
    manifest = Blob(MT_MANIFEST, json.dumps({
        "schemaVersion": 2,
        "mediaType": MT_MANIFEST,
        "config": config.descriptor(),
        "layers": [layer.descriptor()],
    }, sort_keys=True, separators=(",", ":")).encode())
    img = Image(manifest, config, [layer], [diff_id], marker, files=sorted(entries))
    img.layout = _write_layout(os.path.join(workdir, "oci-layout"), img)
    return img


def _write_layout(d, img):
    blobs = os.path.join(d, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    for b in [img.manifest, img.config] + img.layers:
        with open(os.path.join(blobs, b.digest.split(":", 1)[1]), "wb") as f:
            f.write(b.data)
    with open(os.path.join(d, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(os.path.join(d, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "mediaType": MT_INDEX, "manifests": [img.manifest.descriptor()]}, f)
    return d


# -- push -----------------------------------------------------------------------------------------
def push(url_base, cafile, user, password, repo, tag, image):
    """Pushes image as repo:tag through the Registry HTTP API v2 (monolithic blob uploads).
    Returns the manifest digest the registry reports. Raises RegistryError naming the step, the
    URL, the HTTP status and the body."""
    base = url_base.rstrip("/")
    _loopback_only(base)

    def call(step, method, url, body=None, headers=None, want=(200,)):
        try:
            st, hd, data = fetch(url, cafile, user, password, method=method, body=body, headers=headers)
        except (OSError, http.client.HTTPException) as e:
            raise RegistryError("push %s:%s: %s: %s %s: %s: %s"
                                % (repo, tag, step, method, url, type(e).__name__, e)) from e
        if st not in want:
            raise RegistryError("push %s:%s: %s: %s %s: HTTP %d (want %s): %s"
                                % (repo, tag, step, method, url, st, "/".join(map(str, want)),
                                   data[:2000].decode(errors="replace").strip()))
        return st, hd, data

    for blob in image.layers + [image.config]:
        st, _, _ = call("blob exists?", "HEAD", "%s/v2/%s/blobs/%s" % (base, repo, blob.digest),
                        want=(200, 404))
        if st == 200:
            continue
        _, hd, _ = call("start upload", "POST", "%s/v2/%s/blobs/uploads/" % (base, repo),
                        headers={"Content-Length": "0"}, want=(202,))
        loc = hd.get("location")
        if not loc:
            raise RegistryError("push %s:%s: start upload: no Location header" % (repo, tag))
        url = urllib.parse.urljoin(base + "/", loc)
        url += ("&" if "?" in url else "?") + "digest=" + urllib.parse.quote(blob.digest, safe="")
        _, hd, _ = call("upload %s" % blob.digest, "PUT", url, body=blob.data,
                        headers={"Content-Type": "application/octet-stream",
                                 "Content-Length": str(blob.size)}, want=(201,))
        if hd.get("docker-content-digest", blob.digest) != blob.digest:
            raise RegistryError("push %s:%s: upload %s: the registry stored %s"
                                % (repo, tag, blob.digest, hd.get("docker-content-digest")))
    _, hd, _ = call("put manifest", "PUT", "%s/v2/%s/manifests/%s" % (base, repo, tag),
                    body=image.manifest.data, headers={"Content-Type": image.manifest.media_type},
                    want=(201,))
    got = hd.get("docker-content-digest", image.manifest.digest)
    if got != image.manifest.digest:
        raise RegistryError("push %s:%s: put manifest: registry says %s, want %s"
                            % (repo, tag, got, image.manifest.digest))
    return got


# -- the guest's way in ---------------------------------------------------------------------------
def guestfwd(port, guest_ip=GUEST_IP, guest_port=GUEST_PORT):
    """The -netdev user suboption for the node to reach 127.0.0.1:port as guest_ip:guest_port:
    QEMU spawns `registry.py --relay port` for each guest connection (works with restrict=on)."""
    me = os.path.abspath(__file__)
    if "," in me or "," in sys.executable:
        raise RegistryError("a comma in %s or %s would end QEMU's option" % (me, sys.executable))
    return ",guestfwd=tcp:%s:%d-cmd:%s %s --relay %d" % (guest_ip, guest_port, sys.executable, me, port)


def relay(port, fd=0, idle=600):
    """Copies bytes between fd (the guest connection QEMU gives as stdin/stdout) and 127.0.0.1:port
    until either side closes. Writes nothing else: QEMU's slirp hands the same socket as stderr."""
    try:
        guest = socket.socket(fileno=fd)
    except OSError:
        return 1
    try:
        host = socket.create_connection(("127.0.0.1", port), timeout=10)
    except OSError:
        guest.close()
        return 1
    host.settimeout(None)
    sel = selectors.DefaultSelector()
    sel.register(guest, selectors.EVENT_READ, host)
    sel.register(host, selectors.EVENT_READ, guest)
    open_ends = 2
    while open_ends:
        events = sel.select(timeout=idle)
        if not events:
            break
        for key, _ in events:
            src, dst = key.fileobj, key.data
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if data:
                try:
                    dst.sendall(data)
                except OSError:
                    open_ends = 0
                    break
            else:
                sel.unregister(src)
                open_ends -= 1
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
    host.close()
    guest.close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--relay":
        sys.exit(relay(int(sys.argv[2])))
    if sys.argv[1:] == ["--selftest"]:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import registry_selftest
        sys.exit(registry_selftest.main())
    print("usage: registry.py --selftest | --relay PORT", file=sys.stderr)
    sys.exit(2)
