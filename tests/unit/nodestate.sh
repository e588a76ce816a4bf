#!/bin/sh
# nodemetrics on 127.0.0.1 (a free port) against a fixture root: scraped with curl, checked with
# promtool; 404, 405, 400, and a client that sends nothing; nodestatus on the same root.
# usage: nodestate.sh CHECKOUT NODEMETRICS NODESTATUS
set -u
checkout=$1 metrics=$2 status=$3
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
notok() { echo "not ok - $1: $2"; failed=$((failed + 1)); }

for tool in curl promtool python3; do
	command -v $tool >/dev/null 2>&1 || { notok "tools" "$tool is missing (sh image/deps.sh)"; echo "$passed passed, $failed failed"; exit 1; }
done
t=$(mktemp -d /tmp/nodestate-sh.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$t"; }
trap cleanup EXIT

r=$t/root
mkdir -p $r/etc $r/run/node $r/var/lib/nodeupdate $r/proc $r/usr/sbin $r/sys/firmware/efi/efivars
chmod 755 $t	# nodemetrics runs as nobody when started as root
printf 'NAME="Node"\nIMAGE_VERSION="1.0.0"\n' > $r/etc/os-release
echo a > $r/run/node/booted-slot
echo 0 > $r/run/node/trial
printf 'containerd up 120 0 -\nntp down - 2 1\nsvc"x up 7 1 0\n' > $r/run/node/services
printf 'nodeupdate-state 1\nlast-result ok\nlast-version 1.0.0\nlast-time 1700000000\n' > $r/var/lib/nodeupdate/state
chmod 700 $r/var/lib/nodeupdate
cp /proc/uptime /proc/meminfo $r/proc/
cat > $r/usr/sbin/nft <<'NFT'
#!/bin/sh
if [ "$3" = inet ]; then
	printf 'table inet node {\n\tchain input {\n\t\tcounter packets 5 bytes 300 drop comment "input-drop-v4"\n\t}\n}\n'
else
	echo 'Error: No such file or directory' >&2; exit 1
fi
NFT
chmod 755 $r/usr/sbin/nft

# a free port: the kernel picks one, then it is released for nodemetrics
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$metrics" --bind 127.0.0.1 --port "$port" --root "$r" 2>$t/stderr &
pid=$!
url=http://127.0.0.1:$port
i=0
while ! curl -s -o /dev/null "$url/" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

code=$(curl -s -D $t/headers -o $t/metrics -w '%{http_code}' "$url/metrics")
if [ "$code" = 200 ] && grep -qi '^Content-Type: text/plain; version=0.0.4; charset=utf-8' $t/headers &&
   grep -qi '^Connection: close' $t/headers; then ok "GET /metrics is 200 text/plain version=0.0.4"
else notok "GET /metrics is 200 text/plain version=0.0.4" "code $code, $(tr '\r\n' '  ' < $t/headers)"; fi

if out=$(promtool check metrics < $t/metrics 2>&1); then ok "promtool check metrics passes"
else notok "promtool check metrics passes" "$(echo "$out" | tr '\n' ' ')"; fi

missing=
for m in 'node_info{version="1.0.0",slot="a"} 1' 'node_trial_boot 0' \
	'node_update_last_result{result="ok"} 1' 'node_update_last_timestamp_seconds 1700000000' \
	'node_firewall_drops_total{chain="input-drop-v4"} 5' 'node_service_up{service="ntp"} 0' \
	'node_service_restarts_total{service="ntp"} 2' 'node_service_up{service="svc\"x"} 1' \
	'node_memory_total_bytes ' 'node_uptime_seconds ' 'node_var_size_bytes ' 'node_var_free_bytes '; do
	grep -qF "$m" $t/metrics || missing="$missing [$m]"
done
[ -z "$missing" ] && ok "metrics hold the fixture's values" || notok "metrics hold the fixture's values" "missing$missing"
grep -q '^node_scrape_errors{' $t/metrics && notok "no scrape errors on a whole fixture" "$(grep '^node_scrape_errors' $t/metrics | tr '\n' ' ')" ||
	ok "no scrape errors on a whole fixture"

code=$(curl -s -o /dev/null -w '%{http_code}' "$url/other")
[ "$code" = 404 ] && ok "another path is 404" || notok "another path is 404" "got $code"
code=$(curl -s -o /dev/null -D $t/h405 -w '%{http_code}' -X POST "$url/metrics")
[ "$code" = 405 ] && grep -qi '^Allow: GET' $t/h405 && ok "POST is 405 with Allow: GET" || notok "POST is 405 with Allow: GET" "got $code"
resp=$(python3 - "$port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET /metrics HTTP/1.1\r\n\x01\r\n\r\n")
print(s.recv(100).split(b"\r\n")[0].decode())
PY
)
[ "$resp" = "HTTP/1.1 400 Bad Request" ] && ok "a malformed request is 400" || notok "a malformed request is 400" "got '$resp'"
resp=$(python3 - "$port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
try:
    s.sendall(b"GET /metrics HTTP/1.1\r\nHost: a\r\nX: " + b"x" * 9000 + b"\r\n\r\n")
except OSError:
    pass
print(s.recv(100).split(b"\r\n")[0].decode())
PY
)
[ "$resp" = "HTTP/1.1 400 Bad Request" ] && ok "a head over 8 KiB is 400" || notok "a head over 8 KiB is 400" "got '$resp'"

# a client that connects and sends nothing holds the server 5 s at most, then gets 408 and a close;
# a scrape queued behind it is answered after that
resp=$(python3 - "$port" "$url" <<'PY'
import socket, sys, time, subprocess
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
t0 = time.time()
time.sleep(0.3)
c = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "15", sys.argv[2] + "/metrics"],
                   capture_output=True, text=True)
waited = time.time() - t0
s.settimeout(10)
data = s.recv(200)
print("%s %s %.1f" % (data.split(b"\r\n")[0].decode().replace(" ", "_"), c.stdout, waited))
PY
)
set -- $resp
if [ "${1:-}" = "HTTP/1.1_408_Request_Timeout" ] && [ "${2:-}" = 200 ] &&
   python3 -c "import sys; sys.exit(0 if 4.5 <= float('${3:-0}') <= 8 else 1)"; then
	ok "a silent client is dropped after 5 s (408) and the next scrape is served"
else notok "a silent client is dropped after 5 s (408) and the next scrape is served" "got '$resp'"; fi

kill -0 $pid 2>/dev/null && ok "nodemetrics still runs" || notok "nodemetrics still runs" "$(cat $t/stderr)"

if [ "$(id -u)" = 0 ]; then
	u=$(awk '/^Uid:/ {print $2, $3}' /proc/$pid/status) c=$(awk '/^CapEff:/ {print $2}' /proc/$pid/status)
	[ "$u" = "65534 65534" ] && [ "$c" = 0000000000000004 ] && ok "runs as nobody with CAP_DAC_READ_SEARCH effective" ||
		notok "runs as nobody with CAP_DAC_READ_SEARCH effective" "uid $u CapEff $c"
fi

# nodestatus on the same root: text and JSON, exit 0; a broken source makes it exit 1
if "$status" --root $r > $t/text && grep -q '^version    1.0.0$' $t/text &&
   "$status" --root $r --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["slot"]=="a" and d["errors"]=={}'
then ok "nodestatus text and valid JSON, exit 0"; else notok "nodestatus text and valid JSON, exit 0" "$(cat $t/text | tr '\n' '|')"; fi
rm $r/proc/meminfo
"$status" --root $r > $t/text; rc=$?
[ $rc = 1 ] && grep -q '^memory     unknown (/proc/meminfo does not exist)' $t/text && grep -q '^version    1.0.0$' $t/text &&
	ok "nodestatus exits 1 on a missing source and prints the rest" || notok "nodestatus exits 1 on a missing source and prints the rest" "rc $rc"

echo "$passed passed, $failed failed"
[ $failed = 0 ]
