"""Reading what QEMU's filter-dump wrote (classic pcap, Ethernet): who sent each frame, to which
IP address. Enough to prove that nothing left the node for a destination outside the site."""
import ipaddress
import struct

ETH_IPV4, ETH_IPV6, ETH_ARP, ETH_VLAN = 0x0800, 0x86DD, 0x0806, 0x8100


def frames(path):
    """(timestamp, frame bytes) for every record."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    magic = data[:4]
    if magic == b"\xd4\xc3\xb2\xa1":
        endian, nano = "<", False
    elif magic == b"\xa1\xb2\xc3\xd4":
        endian, nano = ">", False
    elif magic == b"\x4d\x3c\xb2\xa1":
        endian, nano = "<", True
    elif magic == b"\xa1\xb2\x3c\x4d":
        endian, nano = ">", True
    else:
        raise ValueError("%s: not a pcap file (magic %r)" % (path, magic))
    out, pos = [], 24
    while pos + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(endian + "IIII", data[pos:pos + 16])
        pos += 16
        if pos + incl > len(data):
            break  # the writer was killed mid-record
        out.append((sec + frac / (1e9 if nano else 1e6), data[pos:pos + incl]))
        pos += incl
    return out


def parse(frame):
    """dict(src_mac, dst_mac, kind, dst, src): kind is 'ipv4', 'ipv6', 'arp' or 'other'; dst the IP
    address the frame is for (for ARP: the address asked about), src the sender's IP address."""
    if len(frame) < 14:
        return {"src_mac": "", "dst_mac": "", "kind": "other", "dst": None}
    dst_mac = frame[0:6].hex(":")
    src_mac = frame[6:12].hex(":")
    etype = struct.unpack("!H", frame[12:14])[0]
    off = 14
    if etype == ETH_VLAN and len(frame) >= 18:
        etype = struct.unpack("!H", frame[16:18])[0]
        off = 18
    p = frame[off:]
    r = {"src_mac": src_mac, "dst_mac": dst_mac, "kind": "other", "dst": None, "src": None}
    if etype == ETH_IPV4 and len(p) >= 20:
        r.update(kind="ipv4", dst=ipaddress.IPv4Address(p[16:20]), src=ipaddress.IPv4Address(p[12:16]),
                 proto=p[9])
    elif etype == ETH_IPV6 and len(p) >= 40:
        r.update(kind="ipv6", dst=ipaddress.IPv6Address(p[24:40]), src=ipaddress.IPv6Address(p[8:24]),
                 proto=p[6])
    elif etype == ETH_ARP and len(p) >= 28:
        r.update(kind="arp", dst=ipaddress.IPv4Address(p[24:28]), src=ipaddress.IPv4Address(p[14:18]))
    return r


# Never routed, so never "outside": they stay on the link the node is plugged into.
LINK_SCOPE = [ipaddress.ip_network(n) for n in ("255.255.255.255/32", "fe80::/10", "ff02::/16")]


def outside(dst, site_nets):
    """True if dst is an IP address neither in the site networks nor link-scoped."""
    if dst is None:
        return False
    nets = [ipaddress.ip_network(n) for n in site_nets] + LINK_SCOPE
    return not any(dst.version == n.version and dst in n for n in nets)
