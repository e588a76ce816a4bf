"""The node's metrics for the site's Prometheus (issue 8, first part): the development site's
metrics-port 9102 (nodemetrics, a supervised service) reached through hostfwd from 127.0.0.1,
scraped by a real Prometheus from Debian (prometheus package) running on the host's loopback, and
the same scrape checked with promtool; nodestatus on the node prints the same state."""
import json
import os
import re
import subprocess
import time
import urllib.request

import test_firewall as FW

PORT = 9102   # overlays/site/etc/node/site.conf: metrics-port


def query(prom_port, q):
    url = "http://127.0.0.1:%d/api/v1/query?query=%s" % (prom_port, urllib.request.quote(q))
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)["data"]["result"]


def run(sc):
    disk = sc.disk_copy("debug")
    host = FW.free_port()
    vm = sc.vm(disk, name="metrics", net_opts=",hostfwd=tcp:127.0.0.1:%d-:%d" % (host, PORT)).start()
    version, slot = vm.wait_ready(timeout=240)
    # the service counts as started when it is spawned, not when it listens: a moment's retry
    end = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % host, timeout=30) as r:
                ctype, body = r.headers.get("Content-Type"), r.read().decode()
            break
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(1)
    sc.equal("the endpoint answers in Prometheus text format 0.0.4", ctype, "text/plain; version=0.0.4; charset=utf-8")
    p = subprocess.run(["promtool", "check", "metrics"], input=body, capture_output=True, text=True)
    sc.check("promtool check metrics accepts the exposition", p.returncode == 0, (p.stdout + p.stderr)[-400:])
    sc.check("it names the version and slot the node booted",
             re.search(r'^node_info\{version="%s",slot="%s"\} 1$' % (re.escape(version), slot), body, re.M),
             [l for l in body.splitlines() if l.startswith("node_info")])

    prom = FW.free_port()
    work = os.path.join(sc.work, "prometheus")
    os.makedirs(work, exist_ok=True)
    conf = os.path.join(work, "prometheus.yml")
    with open(conf, "w") as f:
        f.write("global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\nscrape_configs:\n"
                "  - job_name: node\n    static_configs:\n      - targets: ['127.0.0.1:%d']\n" % host)
    log = open(os.path.join(work, "prometheus.log"), "w")
    srv = subprocess.Popen(["prometheus", "--config.file=" + conf, "--storage.tsdb.path=" + os.path.join(work, "data"),
                            "--web.listen-address=127.0.0.1:%d" % prom], stdout=log, stderr=subprocess.STDOUT)
    try:
        got, end = {}, time.monotonic() + 90
        while time.monotonic() < end:
            try:
                got = {q: query(prom, q) for q in ("up", "node_info", 'node_service_up{service="containerd"}',
                                                 "node_firewall_drops_total", "node_var_free_bytes")}
                if all(got.values()) and got["up"][0]["value"][1] == "1":
                    break
            except OSError:
                pass
            time.sleep(2)
        sc.check("Prometheus scrapes the node (up == 1)", got.get("up") and got["up"][0]["value"][1] == "1", got.get("up"))
        info = got.get("node_info") or [{}]
        sc.equal("the scraped node_info names version and slot",
                 (info[0].get("metric", {}).get("version"), info[0].get("metric", {}).get("slot")), (version, slot))
        sc.check("service, firewall and /var series are scraped",
                 all(got.get(k) for k in ('node_service_up{service="containerd"}', "node_firewall_drops_total",
                                          "node_var_free_bytes")), {k: len(v) for k, v in got.items()})
    finally:
        srv.terminate()
        srv.wait(timeout=20)
        log.close()

    vm.wait_shell()
    rc, out = vm.sh("nodestatus --json")
    try:
        st = json.loads(out)
    except ValueError:
        st = None
    sc.check("nodestatus --json on the node is JSON and exits 0", rc == 0 and st is not None, out[-300:])
    rc, out = vm.sh("p=$(pidof nodemetrics); grep -E '^Uid' /proc/$p/status; grep '^Rss:' /proc/$p/smaps_rollup; cut -d' ' -f14,15 /proc/$p/stat")
    sc.check("nodemetrics runs as nobody (%s)" % " ".join(out.split()), re.search(r"^Uid:\s+65534\b", out, re.M), out)
