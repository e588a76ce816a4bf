#!/usr/bin/env python3
"""Self-test of tests/lib/registry.py on this machine, loopback only, no VM:
a CA and a registry certificate, docker-registry started, an image pushed as library/hello:1 and
read back with and without auth, a client trusting another CA refused, the same registry restarted
with a certificate from the other CA, the guestfwd relay, the image's /hello run in a chroot.
Prints `ok - ...` / `not ok - ...` per check and `N passed, N failed`; exits 1 on any failure.
Run: python3 tests/lib/registry.py --selftest   (or this file)."""
import gzip
import io
import os
import socket
import ssl
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import registry as R  # noqa: E402

USER, PW = "node", "s3cret-pw"


class T:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, ok, why=""):
        if ok:
            self.passed += 1
            print("ok - %s" % name, flush=True)
        else:
            self.failed += 1
            print("not ok - %s: %s" % (name, why), flush=True)
        return ok

    def equal(self, name, got, want):
        return self.check(name, got == want, "got %r, want %r" % (got, want))


def tls_refused(port, cafile):
    """The TLS handshake with 127.0.0.1:port trusting cafile alone: '' if it succeeds, else why."""
    ctx = R.tls_context(cafile)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            with ctx.wrap_socket(s, server_hostname="127.0.0.1"):
                return ""
    except ssl.SSLCertVerificationError as e:
        return "verify: %s" % e.verify_message
    except (ssl.SSLError, OSError) as e:
        return "%s: %s" % (type(e).__name__, e)


def relay_get(port, cafile):
    """GET /v2/ through `registry.py --relay port` given one end of a socketpair as stdin/stdout
    (as QEMU's guestfwd cmd: does): returns the HTTP status."""
    a, b = socket.socketpair()
    p = subprocess.Popen([sys.executable, os.path.abspath(R.__file__), "--relay", str(port)],
                         stdin=b.fileno(), stdout=b.fileno(), stderr=b.fileno(), close_fds=True)
    b.close()
    try:
        ctx = R.tls_context(cafile)
        a.settimeout(10)
        with ctx.wrap_socket(a, server_hostname="10.0.2.100") as t:
            t.sendall(b"GET /v2/ HTTP/1.1\r\nHost: 10.0.2.100:5000\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = t.recv(65536)
                if not chunk:
                    break
                data += chunk
        return int(data.split(b" ", 2)[1])
    finally:
        p.wait(timeout=10)


def main():
    t = T()
    t_all = time.monotonic()
    work = tempfile.mkdtemp(prefix="registry-selftest-")
    print("# work dir %s" % work)
    print("# %s" % subprocess.run([R.REGISTRY_BIN, "--version"], capture_output=True, text=True).stdout.strip())
    reg = None
    try:
        t0 = time.monotonic()
        ca_key, ca = R.make_ca(os.path.join(work, "pki"), "node test registry CA")
        bad_key, bad_ca = R.make_ca(os.path.join(work, "pki-other"), "some other CA")
        key, cert = R.issue_server_cert(ca_key, ca, os.path.join(work, "pki"))
        bkey, bcert = R.issue_server_cert(bad_key, bad_ca, os.path.join(work, "pki-other"))
        print("# certificates: %.2fs" % (time.monotonic() - t0))
        text = subprocess.run(["openssl", "x509", "-in", cert, "-noout", "-text"], capture_output=True,
                              text=True).stdout
        t.check("server cert: SAN IP 10.0.2.100 and 127.0.0.1, serverAuth",
                "IP Address:10.0.2.100" in text and "IP Address:127.0.0.1" in text
                and "TLS Web Server Authentication" in text, text[-800:])
        v = subprocess.run(["openssl", "verify", "-CAfile", ca, "-purpose", "sslserver", cert],
                           capture_output=True, text=True)
        t.equal("server cert verifies against its CA", v.returncode, 0)
        v = subprocess.run(["openssl", "verify", "-CAfile", bad_ca, cert], capture_output=True, text=True)
        t.check("server cert does not verify against the other CA", v.returncode != 0, v.stdout)
        catext = subprocess.run(["openssl", "x509", "-in", ca, "-noout", "-text", "-dates"],
                                capture_output=True, text=True).stdout
        t.check("CA: CA:TRUE, keyCertSign, P-256", "CA:TRUE" in catext and "Certificate Sign" in catext
                and "prime256v1" in catext, catext[-600:])

        # the image
        t0 = time.monotonic()
        img = R.build_image(os.path.join(work, "img"), "hello-marker-42",
                            extra_files={"/etc/motd": "from the test\n"})
        img2 = R.build_image(os.path.join(work, "img2"), "hello-marker-42",
                             extra_files={"/etc/motd": "from the test\n"})
        print("# image: manifest %s, layer %d bytes: %.2fs" % (img.digest, img.layers[0].size,
                                                                 time.monotonic() - t0))
        t.equal("image is deterministic (same digests twice)",
                (img.digest, img.layers[0].digest), (img2.digest, img2.layers[0].digest))
        tar = tarfile.open(fileobj=io.BytesIO(gzip.decompress(img.layers[0].data)))
        members = tar.getmembers()
        t.check("layer: sorted, uid/gid 0, one mtime",
                [m.name for m in members] == sorted(m.name for m in members)
                and all(m.uid == 0 and m.gid == 0 and m.mtime == R.LAYER_MTIME for m in members), "")
        links = {m.name: m.linkname for m in members if m.issym()}
        t.equal("layer: applet symlinks", sorted(links), sorted("bin/" + a for a in R.APPLETS))
        root = os.path.join(work, "rootfs")
        os.makedirs(root)
        tar.extractall(root)
        p = subprocess.run(["chroot", root, "/hello", "/etc/motd", "word"], capture_output=True, text=True)
        if p.returncode == 0 or "Operation not permitted" not in p.stderr:
            t.equal("/hello in the image (chroot) prints marker, file, word", p.stdout,
                    "hello-marker-42\nfrom the test\nword\n")
        else:
            print("# /hello not run: chroot not permitted here")

        # the registry
        reg = R.Registry(os.path.join(work, "reg"), cert, key, ca, {USER: PW, "other": "x"})
        reg.start()
        print("# registry up on %s in %.2fs" % (reg.url, reg.started_s))
        t.check("registry answers 401 on GET /v2/ (started)", reg.alive(), reg.log_tail())
        socks = reg.sockets()
        t.check("registry holds only loopback sockets", socks and all(
            s[1].is_loopback and (s[3].is_loopback or s[3].is_unspecified) for s in socks), socks)
        t.check("registry listens on 127.0.0.1 only",
                [(s[1], s[2]) for s in socks if s[3].is_unspecified] == [(R.ipaddress.ip_address("127.0.0.1"), reg.port)],
                socks)

        t0 = time.monotonic()
        d = R.push(reg.url, ca, USER, PW, "library/hello", "1", img)
        print("# push: %.2fs" % (time.monotonic() - t0))
        t.equal("push returns the manifest digest", d, img.digest)
        t0 = time.monotonic()
        R.push(reg.url, ca, USER, PW, "library/hello", "1", img)
        print("# push again (blobs exist): %.2fs" % (time.monotonic() - t0))

        st, hd, body = R.get_manifest(reg.url, ca, "library/hello", "1", USER, PW)
        t.equal("manifest with auth: 200", st, 200)
        t.equal("manifest: bytes as pushed", body, img.manifest.data)
        t.equal("manifest: Content-Type OCI", hd.get("content-type"), R.MT_MANIFEST)
        t.equal("manifest: Docker-Content-Digest", hd.get("docker-content-digest"), img.digest)
        st, _, body = R.fetch("%s/v2/library/hello/blobs/%s" % (reg.url, img.layers[0].digest), ca, USER, PW)
        t.check("layer blob reads back by digest", st == 200 and R.sha256_digest(body) == img.layers[0].digest,
                "HTTP %d" % st)
        st, hd, _ = R.get_manifest(reg.url, ca, "library/hello", "1")
        t.check("manifest without auth: 401 with a Basic challenge",
                st == 401 and hd.get("www-authenticate", "").startswith("Basic"), (st, hd))
        st, _, _ = R.get_manifest(reg.url, ca, "library/hello", "1", USER, "wrong")
        t.equal("manifest with a wrong password: 401", st, 401)
        try:
            R.push(reg.url, ca, USER, "wrong", "library/hello", "2", img)
            t.check("push with a wrong password fails", False, "it succeeded")
        except R.RegistryError as e:
            t.check("push with a wrong password fails, naming step and status",
                    "blob exists?" in str(e) and "HTTP 401" in str(e), str(e))
        why = tls_refused(reg.port, bad_ca)
        t.check("a client trusting the other CA fails the TLS handshake", why.startswith("verify:"), why or "handshake succeeded")
        t.equal("a client trusting the right CA completes the handshake", tls_refused(reg.port, ca), "")
        try:
            R.fetch("https://10.0.2.100:5000/v2/", ca)
            t.check("fetch refuses a non-loopback URL", False, "it tried")
        except R.RegistryError:
            t.check("fetch refuses a non-loopback URL (nothing sent)", True)
        t.equal("relay (guestfwd cmd:) carries TLS to the registry: GET /v2/ 401", relay_get(reg.port, ca), 401)
        t.check("guestfwd option", R.guestfwd(reg.port).startswith(",guestfwd=tcp:10.0.2.100:5000-cmd:"),
                R.guestfwd(reg.port))

        # a relay per connection: several at once
        results = []
        th = [threading.Thread(target=lambda: results.append(relay_get(reg.port, ca))) for _ in range(4)]
        [x.start() for x in th]
        [x.join(30) for x in th]
        t.equal("4 concurrent relayed connections", results, [401] * 4)

        # the same registry, same port, storage kept: a certificate from the wrong CA
        port = reg.port
        reg.restart_with(bcert, bkey, bad_ca)
        print("# restart with the other CA's cert: %.2fs" % reg.started_s)
        t.equal("restart keeps the port", reg.port, port)
        why = tls_refused(reg.port, ca)
        t.check("after restart, a client trusting the first CA fails the handshake",
                why.startswith("verify:"), why or "handshake succeeded")
        st, _, body = R.get_manifest(reg.url, bad_ca, "library/hello", "1", USER, PW)
        t.check("after restart, storage kept: manifest 200 via the other CA", st == 200 and body == img.manifest.data,
                "HTTP %d" % st)
        reg.restart_with(cert, key, ca)
        st, _, _ = R.get_manifest(reg.url, ca, "library/hello", "1", USER, PW)
        t.equal("restart back to the first cert: manifest 200", st, 200)

        # a second registry beside it
        with R.Registry(os.path.join(work, "reg2"), bcert, bkey, bad_ca, {USER: PW}) as reg2:
            t.check("a second registry with the other CA's cert, another port",
                    reg2.port != reg.port and tls_refused(reg2.port, ca).startswith("verify:"), reg2.port)
        t.check("the second registry stopped", not reg2.alive(), "")

        log = open(reg.log_path, errors="replace").read().splitlines()
        auth = ("error authorizing context", "error authenticating user", "err.code=\"blob unknown\"")
        bad = [l for l in log if ("level=warn" in l or "level=error" in l) and not any(a in l for a in auth)]
        bad += [l for l in log if any(w in l.lower() for w in ("notif", "proxy", "remoteurl", "bugsnag", "newrelic"))]
        t.check("registry log: no warning or error but auth failures, no notification/proxy/reporting",
                not bad, "\n".join(bad)[-1500:])
        t.check("registry log: 'redis not configured', 'backend redirection disabled'",
                any("redis not configured" in l for l in log) and any("backend redirection disabled" in l for l in log), "")

        pid = reg.proc.pid
        reg.stop()
        gone = not os.path.exists("/proc/%d" % pid) or open("/proc/%d/stat" % pid).read().split()[2] == "Z"
        t.check("stop: the process is gone", gone, "pid %d" % pid)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            t.check("stop: the port is closed", False, "connected")
        except OSError:
            t.check("stop: the port is closed", True)

        # a registry that cannot start says why
        try:
            R.Registry(os.path.join(work, "reg3"), os.path.join(work, "missing.crt"), key, ca,
                       start_timeout=10).start()
            t.check("a bad certificate path fails start() with the log", False, "it started")
        except R.RegistryError as e:
            t.check("a bad certificate path fails start() with the log's tail", "missing.crt" in str(e), str(e))
    except Exception as e:  # noqa: BLE001 - a broken-off self-test is a failure, with the reason
        import traceback
        traceback.print_exc(file=sys.stdout)
        t.check("self-test completed", False, "%s: %s" % (type(e).__name__, e))
    finally:
        if reg is not None:
            reg.stop()
    print("# total %.2fs" % (time.monotonic() - t_all))
    print("%d passed, %d failed" % (t.passed, t.failed))
    if t.failed == 0:
        subprocess.run(["rm", "-rf", work])
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
