"""One flipped byte in root-a's data region: dm-verity must catch it and the node never says ready.

The byte is in the 4 KiB block that holds the squashfs root inode, which the kernel must read to
mount the root, so the corruption is certain to be met on every boot (a random byte could sit in a
file that boot never reads and prove nothing)."""
import re
import struct
import time

import disk as D


def run(sc):
    img = sc.disk_copy("debug")
    off, _ = D.partitions(img)["root-a"]
    with open(img, "rb") as f:
        f.seek(off)
        sb = f.read(96)
    magic, = struct.unpack_from("<I", sb, 0)
    sc.equal("root-a starts with a squashfs superblock", hex(magic), hex(0x73717368))
    root_inode, = struct.unpack_from("<Q", sb, 32)
    inode_table, = struct.unpack_from("<Q", sb, 64)
    target = inode_table + (root_inode >> 16) + 2 + 7   # inside the metadata block's payload
    data_bytes = 4096 * int(open(sc.image("debug") + "/root.img.verity").read().split("DATA_BLOCKS=")[1].split()[0])
    sc.check("the flipped byte lies in the verity-protected data region", 0 < target < data_bytes,
             "offset %d of %d" % (target, data_bytes))
    D.flip_byte(img, off + target)

    vm = sc.vm(img, name="corrupt").start()
    m = vm.wait_for(r"^node: FAIL (.*)$", 240, fail=r"^node: ready: ")
    sc.check("init reports the failed root mount", re.search(r"verity|mount|root", m.group(1)), m.group(0))
    sc.check("the kernel's dm-verity names the corrupted block",
             re.search(r"verity.*(corrupted|corruption)", vm.text(), re.I), "no verity error on the console")
    time.sleep(20)
    sc.check("the node never reports ready", "node: ready:" not in vm.text(), "ready line seen")
    sc.check("PID 1 stays up (no kernel panic)", "Kernel panic" not in vm.text() and vm.alive(), "panic or exit")
