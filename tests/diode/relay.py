#!/usr/bin/env python3
"""A lossy UDP relay for the diode's tests: it stands where the diode and a bad link would.

Receives datagrams on --listen and forwards them to --forward, after, with a seeded random
generator (the same seed gives the same faults for the same packet order):
  --loss PCT       drop the packet
  --truncate PCT   cut it to a random shorter length
  --corrupt PCT    flip 1 to 3 random bits
  --dup PCT        send it twice
  --reorder PCT    hold it back and send it after --hold N later packets
  --tamper-hash KEYFILE
                   flip one bit of the file hash in every packet and re-tag it with the diode key
                   in KEYFILE: what a staging host that holds the key but sends the wrong file
                   would put on the wire (keyed BLAKE2b-128 is hashlib.blake2b(key=, digest_size=16))
Stops on SIGTERM/SIGINT, sends what it held back, and prints its counts on one line.
Stdlib only.
"""
import argparse
import hashlib
import random
import select
import signal
import socket
import sys

HASH_OFF, HASH_LEN, TAG_LEN = 32, 32, 16


def addr(text):
    host, _, port = text.rpartition(":")
    return host, int(port)


def load_key(path):
    with open(path) as f:
        line = f.read().strip()
    prefix = "diode-key "
    if not line.startswith(prefix) or len(line) != len(prefix) + 64:
        sys.exit("relay: key file %s: not a diode key" % path)
    return bytes.fromhex(line[len(prefix):])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listen", type=addr, required=True)
    ap.add_argument("--forward", type=addr, required=True)
    ap.add_argument("--source", default="", help="local address to forward from")
    ap.add_argument("--source-port", type=int, default=0,
                    help="local port to forward from (udp-receiver checks the sender's port)")
    ap.add_argument("--seed", type=int, default=1)
    for name in ("loss", "truncate", "corrupt", "dup", "reorder"):
        ap.add_argument("--" + name, type=float, default=0.0)
    ap.add_argument("--hold", type=int, default=20)
    ap.add_argument("--tamper-hash", metavar="KEYFILE")
    a = ap.parse_args()

    rng = random.Random(a.seed)
    key = load_key(a.tamper_hash) if a.tamper_hash else None
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    rx.bind(a.listen)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
    tx.bind((a.source, a.source_port))
    n = dict(received=0, received_bytes=0, sent=0, lost=0, truncated=0, corrupted=0, duplicated=0, reordered=0,
             tampered=0, send_errors=0)
    held = []  # [packets still to pass, datagram]
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))

    def send(d):
        try:
            tx.sendto(d, a.forward)
            n["sent"] += 1
        except OSError:
            n["send_errors"] += 1

    def release(all_=False):
        keep = []
        for h in held:
            h[0] -= 1
            if all_ or h[0] <= 0:
                send(h[1])
            else:
                keep.append(h)
        held[:] = keep

    while not stop:
        try:
            r, _, _ = select.select([rx], [], [], 0.2)
        except InterruptedError:
            continue
        if not r:
            release(all_=True)  # idle: nothing behind the held packets to pass them
            continue
        d = rx.recv(65535)
        n["received"] += 1
        n["received_bytes"] += len(d)
        release()
        if rng.random() * 100 < a.loss:
            n["lost"] += 1
            continue
        if key is not None and len(d) > HASH_OFF + HASH_LEN + TAG_LEN:
            b = bytearray(d)
            b[HASH_OFF] ^= 1
            b[-TAG_LEN:] = hashlib.blake2b(bytes(b[:-TAG_LEN]), digest_size=TAG_LEN, key=key).digest()
            d = bytes(b)
            n["tampered"] += 1
        if rng.random() * 100 < a.truncate and len(d) > 1:
            d = d[:rng.randrange(1, len(d))]
            n["truncated"] += 1
        if rng.random() * 100 < a.corrupt:
            b = bytearray(d)
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(len(b) * 8)
                b[i // 8] ^= 1 << (i % 8)
            d = bytes(b)
            n["corrupted"] += 1
        copies = 2 if rng.random() * 100 < a.dup else 1
        n["duplicated"] += copies - 1
        for _ in range(copies):
            if rng.random() * 100 < a.reorder:
                held.append([rng.randint(1, a.hold), d])
                n["reordered"] += 1
            else:
                send(d)
    release(all_=True)
    print("relay: " + " ".join("%s=%d" % kv for kv in n.items()), flush=True)


if __name__ == "__main__":
    main()
