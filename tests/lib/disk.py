"""Read and change a node disk image from the host: partitions by GPT name, byte extraction."""
import hashlib
import json
import subprocess


def partitions(disk):
    """{name: (offset_bytes, size_bytes)} from the image's GPT."""
    j = json.loads(subprocess.run(["sfdisk", "-J", disk], capture_output=True, text=True, check=True).stdout)
    pt = j["partitiontable"]
    sec = pt.get("sectorsize", 512)
    return {p["name"]: (p["start"] * sec, p["size"] * sec) for p in pt["partitions"]}


def extract(disk, name, dst):
    off, size = partitions(disk)[name]
    subprocess.run(["dd", "if=" + disk, "of=" + dst, "bs=1M", "iflag=skip_bytes,count_bytes",
                    "skip=%d" % off, "count=%d" % size, "conv=sparse", "status=none"], check=True)
    return dst


def sha256_region(disk, off, size):
    h = hashlib.sha256()
    with open(disk, "rb") as f:
        f.seek(off)
        left = size
        while left:
            b = f.read(min(left, 1 << 20))
            if not b:
                break
            h.update(b)
            left -= len(b)
    return h.hexdigest()


def flip_byte(disk, off):
    with open(disk, "r+b") as f:
        f.seek(off)
        b = f.read(1)
        f.seek(off)
        f.write(bytes([b[0] ^ 0xFF]))


def fsck(image):
    """(exit status, output) of a forced read-only e2fsck of an ext4 image file."""
    p = subprocess.run(["e2fsck", "-fn", image], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def fs_state(image):
    p = subprocess.run(["dumpe2fs", "-h", image], capture_output=True, text=True)
    for line in p.stdout.splitlines():
        if line.startswith("Filesystem state:"):
            return line.split(":", 1)[1].strip()
    return None
