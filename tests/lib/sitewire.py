"""A second network for a node under test: a QEMU `dgram` netdev on 127.0.0.1 whose other end is
this process, which sees every Ethernet frame the node sends on it and can put frames on it.
It stands for a site's own network segment (DESIGN.md "Test network rules": socket/dgram netdevs
on 127.0.0.1), and does exactly three things:
  - answers ARP for the site addresses it is given (and nothing else);
  - relays UDP to one of those addresses and ports to a real server on the host's loopback, and
    the server's replies back (relay_udp): a site time server, a site log host;
  - sends UDP frames the test builds (send_udp), or each datagram a host program sends to a
    loopback port (inject_from): a data diode's one-way stream.
Every frame the node sent is kept in `received`, for proving what the node sent or did not."""
import ipaddress
import select
import socket
import struct
import threading
import time

ETH_IPV4, ETH_ARP = 0x0800, 0x0806
WIRE_MAC = bytes.fromhex("525400aa0001")


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def free_udp_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class SiteWire:
    def __init__(self, addresses):
        """addresses: the site IPv4 addresses this wire answers ARP for."""
        self.addresses = {ipaddress.IPv4Address(a) for a in addresses}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.qemu_port = free_udp_port()
        self.received = []      # (monotonic time, frame) for every frame the node sent
        self.relays = {}        # (site ip, port) -> host port
        self.flows = {}         # host socket -> (node mac, node ip, node port, site ip, site port)
        self.relayed = 0
        self.injectors = {}     # host socket -> (node mac, source ip, node ip, node port)
        self.injected = 0
        self.lock = threading.Lock()
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def qemu_args(self, netdev="s0", mac="52:54:00:12:34:60"):
        """The -netdev/-device pair that plugs the node into this wire (a second virtio NIC)."""
        return ["-netdev", "dgram,id=%s,local.type=inet,local.host=127.0.0.1,local.port=%d,"
                "remote.type=inet,remote.host=127.0.0.1,remote.port=%d" % (netdev, self.qemu_port, self.port),
                "-device", "virtio-net-pci,netdev=%s,mac=%s" % (netdev, mac)]

    def relay_udp(self, site_ip, site_port, host_port):
        self.relays[(ipaddress.IPv4Address(site_ip), site_port)] = host_port

    def inject_from(self, host_port, dst_mac, src_ip, dst_ip, dport):
        """Every datagram sent to 127.0.0.1:host_port goes onto the wire as UDP from src_ip to
        dst_ip:dport, for dst_mac: the diode's one way in. Nothing goes back."""
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        s.bind(("127.0.0.1", host_port))
        self.injectors[s] = (bytes.fromhex(dst_mac.replace(":", "")), src_ip, dst_ip, dport)

    def frames(self):
        with self.lock:
            return list(self.received)

    def close(self):
        self.stop = True
        self.thread.join(timeout=5)
        self.sock.close()
        for s in list(self.flows) + list(self.injectors):
            s.close()

    # -- frames out ------------------------------------------------------------------------------
    def _send(self, frame):
        self.sock.sendto(frame, ("127.0.0.1", self.qemu_port))

    def send_udp(self, dst_mac, src_ip, dst_ip, sport, dport, payload, src_mac=WIRE_MAC, ttl=64):
        """One Ethernet + IPv4 + UDP frame onto the wire (UDP checksum 0: optional in IPv4)."""
        udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000, ttl, 17, 0,
                          ipaddress.IPv4Address(src_ip).packed, ipaddress.IPv4Address(dst_ip).packed)
        hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
        self._send(dst_mac + src_mac + struct.pack("!H", ETH_IPV4) + hdr + udp)

    # -- frames in -------------------------------------------------------------------------------
    def _run(self):
        while not self.stop:
            socks = [self.sock] + list(self.flows) + list(self.injectors)
            ready, _, _ = select.select(socks, [], [], 0.2)
            for s in ready:
                if s is self.sock:
                    try:
                        frame = s.recv(65536)
                    except OSError:
                        continue
                    with self.lock:
                        self.received.append((time.monotonic(), frame))
                    self._frame(frame)
                elif s in self.injectors:
                    self._inject(s)
                else:
                    self._reply(s)

    def _frame(self, f):
        if len(f) < 14:
            return
        etype = struct.unpack("!H", f[12:14])[0]
        if etype == ETH_ARP and len(f) >= 42:
            op = struct.unpack("!H", f[20:22])[0]
            target = ipaddress.IPv4Address(f[38:42])
            if op == 1 and target in self.addresses:
                arp = struct.pack("!HHBBH", 1, ETH_IPV4, 6, 4, 2) + WIRE_MAC + target.packed + f[22:28] + f[28:32]
                self._send(f[6:12] + WIRE_MAC + struct.pack("!H", ETH_ARP) + arp)
        elif etype == ETH_IPV4 and len(f) >= 34:
            ip = f[14:]
            ihl = (ip[0] & 15) * 4
            if ip[9] != 17 or len(ip) < ihl + 8:
                return
            src, dst = ipaddress.IPv4Address(ip[12:16]), ipaddress.IPv4Address(ip[16:20])
            sport, dport, ulen = struct.unpack("!HHH", ip[ihl:ihl + 6])
            host_port = self.relays.get((dst, dport))
            if host_port is None:
                return
            payload = ip[ihl + 8:ihl + ulen]
            flow = (f[6:12], src, sport, dst, dport)
            s = next((k for k, v in self.flows.items() if v == flow), None)
            if s is None:
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.connect(("127.0.0.1", host_port))
                self.flows[s] = flow
            try:
                s.send(payload)
                self.relayed += 1
            except OSError:
                pass

    def _inject(self, s):
        try:
            data, (_, sport) = s.recvfrom(65536)
        except OSError:
            return
        mac, src_ip, dst_ip, dport = self.injectors[s]
        self.send_udp(mac, src_ip, dst_ip, sport, dport, data)
        self.injected += 1

    def _reply(self, s):
        try:
            data = s.recv(65536)
        except OSError:
            return
        mac, node_ip, node_port, site_ip, site_port = self.flows[s]
        self.send_udp(mac, site_ip, node_ip, site_port, node_port, data)
