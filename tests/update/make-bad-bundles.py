#!/usr/bin/env python3
"""Bad-input corpus for `nodeupdate install`, made from a good signed bundle (update/FORMAT.md):
flipped bytes in every region, truncations at every boundary, wrong and unknown keys, legacy and
foreign signatures, downgrades, another product, oversized, duplicate, extra, missing and
reordered members, path tricks, and signed bundles whose UKI does not fit the slot.

Writes OUT/NN-name.bundle and OUT/cases.txt, one case a line:
    file|exit code|text the error must contain|floor to put in the state first (or -)

    make-bad-bundles.py FIXTURE_DIR BUILD_DIR OUT
FIXTURE_DIR is what tests/update/fixture.sh made (mini-v2.bundle, mini-2.0.0/, keys/)."""
import base64
import os
import subprocess
import sys

BLOCK = 512


def octal(value, width):
    return ("%0*o" % (width - 1, value)).encode() + b"\0"


def header(name, size, typeflag=b"0", prefix=b"", linkname=b"", magic=b"ustar\x0000"):
    """A ustar header as nodebundle writes it, with any field overridable."""
    h = bytearray(BLOCK)
    h[0:100] = name.ljust(100, b"\0")[:100]
    h[100:108] = octal(0o644, 8)
    h[108:116] = octal(0, 8)
    h[116:124] = octal(0, 8)
    h[124:136] = octal(size, 12)
    h[136:148] = octal(1700000000, 12)
    h[156:157] = typeflag
    h[157:257] = linkname.ljust(100, b"\0")[:100]
    h[257:265] = magic
    h[265:297] = b"root".ljust(32, b"\0")
    h[297:329] = b"root".ljust(32, b"\0")
    h[345:500] = prefix.ljust(155, b"\0")[:155]
    return checksum(h)


def checksum(h):
    h = bytearray(h)
    h[148:156] = b" " * 8
    h[148:156] = ("%06o" % sum(h)).encode() + b"\0 "
    return bytes(h)


def member(name, data, **kw):
    pad = (-len(data)) % BLOCK
    return header(name, len(data), **kw) + data + b"\0" * pad


def tar(members, end=True):
    out = b"".join(member(n, d) for n, d in members)
    return out + (b"\0" * (2 * BLOCK) if end else b"")


def members_of(bundle):
    """[(name, data, header offset, data offset)] of a well-formed bundle."""
    out, off = [], 0
    while off + BLOCK <= len(bundle):
        h = bundle[off:off + BLOCK]
        if h == bytes(BLOCK):
            break
        name = h[:100].rstrip(b"\0")
        size = int(h[124:136].rstrip(b"\0 ") or b"0", 8)
        out.append((name, bundle[off + BLOCK:off + BLOCK + size], off, off + BLOCK))
        off += BLOCK + size + (-size) % BLOCK
    return out


def run(*cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def main():
    fx, build, out = sys.argv[1:4]
    nb = os.path.join(build, "nodebundle")
    keys = os.path.join(fx, "keys")
    mini = os.path.join(fx, "mini-2.0.0")
    os.makedirs(out, exist_ok=True)
    tmp = os.path.join(out, "tmp")
    os.makedirs(tmp, exist_ok=True)
    good = open(os.path.join(fx, "mini-v2.bundle"), "rb").read()
    m = members_of(good)
    names = [x[0] for x in m]
    assert names == [b"manifest", b"manifest.minisig", b"root.img", b"uki.efi"], names
    (_, manifest, h_man, d_man), (_, sig, h_sig, d_sig), (_, root, h_root, d_root), \
        (_, uki, h_uki, d_uki) = m
    end = h_uki + BLOCK + len(uki) + (-len(uki)) % BLOCK
    cases = []

    def add(name, data, code, text, floor="-"):
        fname = "%03d-%s.bundle" % (len(cases) + 1, name)
        with open(os.path.join(out, fname), "wb") as f:
            f.write(data)
        cases.append("%s|%d|%s|%s" % (fname, code, text, floor))

    def flip(name, off, code=1, text=""):
        b = bytearray(good)
        b[off] ^= 0x01
        add(name, bytes(b), code, text)

    def signed(name, version="2.0.0", minv="1.0.0", product="node", uki_file=None, key="test"):
        path = os.path.join(tmp, name + ".bundle")
        run(nb, "create", "--root", os.path.join(mini, "root.img"),
            "--verity", os.path.join(mini, "root.img.verity"),
            "--uki", uki_file or os.path.join(mini, "uki.efi"),
            "--version", version, "--min-version", minv, "--product", product, "-o", path)
        run(nb, "sign", "-s", os.path.join(keys, key + ".key"), path)
        return open(path, "rb").read()

    # --- flipped bytes, region by region ---------------------------------------------------
    for mname, hoff in (("manifest", h_man), ("sig", h_sig), ("root", h_root), ("uki", h_uki)):
        flip("flip-%s-header-name" % mname, hoff + 0)
        flip("flip-%s-header-size" % mname, hoff + 124 + 6)
        flip("flip-%s-header-checksum" % mname, hoff + 148 + 3)
        flip("flip-%s-header-magic" % mname, hoff + 257)
        flip("flip-%s-header-typeflag" % mname, hoff + 156)
    flip("flip-manifest-first", d_man)
    flip("flip-manifest-middle", d_man + len(manifest) // 2)
    flip("flip-manifest-last", d_man + len(manifest) - 1)
    lines = sig.split(b"\n")
    l2 = len(lines[0]) + 1
    l3 = l2 + len(lines[1]) + 1
    l4 = l3 + len(lines[2]) + 1
    flip("flip-sig-signature", d_sig + l2 + 20)
    flip("flip-sig-keyid", d_sig + l2 + 5)
    flip("flip-sig-trusted-comment", d_sig + l3 + len("trusted comment: ") + 3)
    flip("flip-sig-global-signature", d_sig + l4 + 10)
    flip("flip-root-superblock", d_root + 8)
    flip("flip-root-superblock-uuid", d_root + 16 + 3)
    flip("flip-root-hash-level", d_root + 4096 + 100)
    tree = manifest.split(b"hash-blocks ")[1].split(b"\n")[0]
    data0 = d_root + int(tree) * 4096
    flip("flip-root-data-first", data0 + 1)
    flip("flip-root-data-middle", data0 + (len(root) - int(tree) * 4096) // 2)
    flip("flip-root-data-last", d_root + len(root) - 1)
    flip("flip-uki-first", d_uki)
    flip("flip-uki-middle", d_uki + len(uki) // 2)
    flip("flip-uki-last", d_uki + len(uki) - 1)
    flip("flip-manifest-padding", d_man + len(manifest) + 3)
    flip("flip-uki-padding", d_uki + len(uki) + 1)
    flip("flip-end-block", end + 700)

    # --- truncated at every boundary -------------------------------------------------------
    cuts = {
        "empty": 0, "in-first-header": 100, "after-first-header": h_man + BLOCK,
        "in-manifest": d_man + 10, "after-manifest": h_sig, "in-sig-header": h_sig + 200,
        "in-sig": d_sig + 50, "after-sig": h_root, "after-root-header": d_root,
        "in-root-tree": d_root + 4096 + 7, "at-root-data": data0, "in-root-data": data0 + 4096 * 3 + 9,
        "before-root-superblock-end": d_root + len(root) - 1, "after-root": h_uki,
        "in-uki": d_uki + len(uki) // 3, "before-uki-padding": d_uki + len(uki),
        "before-end-blocks": end, "after-one-end-block": end + BLOCK, "one-byte-short": len(good) - 1,
    }
    for name, at in cuts.items():
        add("truncated-" + name, good[:at], 1, "")

    # --- keys and signatures ---------------------------------------------------------------
    add("unknown-key", signed("unknown-key", key="other"), 1, "")
    other = signed("wrong-key", key="other")
    om = members_of(other)
    osig = om[1][1].split(b"\n")
    raw = bytearray(base64.b64decode(osig[1]))
    raw[2:10] = base64.b64decode(sig.split(b"\n")[1])[2:10]  # the trusted key's id
    osig[1] = base64.b64encode(bytes(raw))
    add("wrong-key-trusted-id", tar([(b"manifest", om[0][1]), (b"manifest.minisig", b"\n".join(osig)),
                                      (b"root.img", om[2][1]), (b"uki.efi", om[3][1])]), 1, "does not verify")
    mpath = os.path.join(tmp, "manifest")
    with open(mpath, "wb") as f:
        f.write(manifest)
    run("minisign", "-S", "-l", "-s", os.path.join(keys, "test.key"), "-m", mpath, "-x", mpath + ".legacy")
    add("legacy-signature", tar([(b"manifest", manifest), (b"manifest.minisig", open(mpath + ".legacy", "rb").read()),
                                  (b"root.img", root), (b"uki.efi", uki)]), 1, "")
    other_file = os.path.join(tmp, "notes.txt")
    with open(other_file, "wb") as f:
        f.write(manifest)
    run("minisign", "-S", "-s", os.path.join(keys, "test.key"), "-m", other_file, "-x", other_file + ".sig")
    add("signature-of-another-file", tar([(b"manifest", manifest), (b"manifest.minisig", open(other_file + ".sig", "rb").read()),
                                           (b"root.img", root), (b"uki.efi", uki)]), 1, "file:manifest")
    add("unsigned", tar([(b"manifest", manifest), (b"root.img", root), (b"uki.efi", uki)]), 1, "")

    # --- policy ----------------------------------------------------------------------------
    add("downgrade", signed("downgrade", version="0.9.0", minv="0.1.0"), 2, "downgrade")
    add("below-floor", good, 2, "anti-rollback floor", floor="3.0.0")
    add("needs-intermediate", signed("needs-intermediate", minv="1.5.0"), 2, "min-version")
    add("other-product", signed("other-product", product="gateway"), 2, "product")

    # --- members: sizes, repeats, extras, absences, order -----------------------------------
    add("oversized-manifest", tar([(b"manifest", manifest + b"x" * 5000), (b"manifest.minisig", sig),
                                   (b"root.img", root), (b"uki.efi", uki)]), 1, "")
    add("oversized-signature", tar([(b"manifest", manifest), (b"manifest.minisig", sig + b"x" * 10000),
                                    (b"root.img", root), (b"uki.efi", uki)]), 1, "")
    add("root-size-differs", tar([(b"manifest", manifest), (b"manifest.minisig", sig),
                                  (b"root.img", root + b"\0" * 4096), (b"uki.efi", uki)]), 1, "")
    add("uki-size-differs", tar([(b"manifest", manifest), (b"manifest.minisig", sig),
                                 (b"root.img", root), (b"uki.efi", uki[:-1])]), 1, "")
    add("duplicate-manifest", tar([(b"manifest", manifest), (b"manifest", manifest), (b"manifest.minisig", sig),
                                   (b"root.img", root), (b"uki.efi", uki)]), 1, "")
    add("duplicate-root", tar([(b"manifest", manifest), (b"manifest.minisig", sig),
                               (b"root.img", root), (b"root.img", root), (b"uki.efi", uki)]), 1, "")
    add("duplicate-uki", tar([(b"manifest", manifest), (b"manifest.minisig", sig),
                              (b"root.img", root), (b"uki.efi", uki), (b"uki.efi", uki)]), 1, "")
    add("extra-member-at-end", tar([(b"manifest", manifest), (b"manifest.minisig", sig),
                                    (b"root.img", root), (b"uki.efi", uki), (b"README", b"hello\n")]), 1, "")
    add("extra-member-inside", tar([(b"manifest", manifest), (b"manifest.minisig", sig), (b"README", b"hi\n"),
                                    (b"root.img", root), (b"uki.efi", uki)]), 1, "")
    add("trailing-zero-records", good + b"\0" * (8 * BLOCK), 1, "")
    add("trailing-garbage", good + b"garbage", 1, "")
    add("missing-uki", tar([(b"manifest", manifest), (b"manifest.minisig", sig), (b"root.img", root)]), 1, "")
    add("missing-root", tar([(b"manifest", manifest), (b"manifest.minisig", sig), (b"uki.efi", uki)]), 1, "")
    add("missing-manifest", tar([(b"manifest.minisig", sig), (b"root.img", root), (b"uki.efi", uki)]), 1, "")
    add("only-manifest", tar([(b"manifest", manifest)]), 1, "")
    add("signature-first", tar([(b"manifest.minisig", sig), (b"manifest", manifest),
                                (b"root.img", root), (b"uki.efi", uki)]), 1, "")
    add("uki-before-root", tar([(b"manifest", manifest), (b"manifest.minisig", sig),
                                (b"uki.efi", uki), (b"root.img", root)]), 1, "")

    # --- path tricks and other member types --------------------------------------------------
    def tricky(name, hdr):
        rest = good[h_sig:]
        add(name, hdr + good[d_man:h_sig] + rest, 1, "")

    tricky("path-dotdot", header(b"../manifest", len(manifest)))
    tricky("path-absolute", header(b"/manifest", len(manifest)))
    tricky("path-dot-slash", header(b"./manifest", len(manifest)))
    tricky("path-subdir", header(b"x/manifest", len(manifest)))
    tricky("path-trailing-slash", header(b"manifest/", len(manifest)))
    tricky("path-prefix-field", header(b"manifest", len(manifest), prefix=b"etc"))
    tricky("type-symlink", header(b"manifest", len(manifest), typeflag=b"2", linkname=b"/etc/shadow"))
    tricky("type-hardlink", header(b"manifest", len(manifest), typeflag=b"1", linkname=b"root.img"))
    tricky("type-directory", header(b"manifest", len(manifest), typeflag=b"5"))
    tricky("type-pax-header", header(b"manifest", len(manifest), typeflag=b"x"))
    tricky("type-gnu-longname", header(b"manifest", len(manifest), typeflag=b"L"))
    tricky("name-with-nul-tail", checksum(header(b"manifest", len(manifest))[:9] + b"x" +
                                          header(b"manifest", len(manifest))[10:]))
    add("not-a-tar", bytes((i * 7919 + 13) % 251 for i in range(4096)), 1, "")
    gnu = os.path.join(tmp, "gnu.tar")
    run("tar", "--format=gnu", "-cf", gnu, "-C", tmp, "manifest", "notes.txt")
    add("gnu-tar-of-other-files", open(gnu, "rb").read(), 1, "")

    # --- authentic bundles whose UKI does not fit slot b -------------------------------------
    cl = open(os.path.join(mini, "cmdline"), "rb").read().replace(b"node.slot=b ", b"").replace(
        b"node.root=PARTLABEL=root-b ", b"")
    with open(os.path.join(tmp, "cmdline-a"), "wb") as f:
        f.write(b"node.slot=a node.root=PARTLABEL=root-a " + cl)
    uki_script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "image", "build-uki.sh")
    run("sh", uki_script, os.path.join(tmp, "uki-slot-a.efi"), os.path.join(mini, "kernel.head"), os.path.join(mini, "initrd"),
        os.path.join(tmp, "cmdline-a"), os.path.join(mini, "tree", "etc", "os-release"))
    add("uki-for-slot-a", signed("uki-for-slot-a", uki_file=os.path.join(tmp, "uki-slot-a.efi")), 2,
        "made for the other slot")
    # the v2 command line with the verity parameters of another root (v1's)
    v1 = [w for w in open(os.path.join(fx, "mini-1.0.0", "cmdline"), "rb").read().split()
          if w.startswith(b"node.verity=")][0]
    with open(os.path.join(tmp, "cmdline-other-root"), "wb") as f:
        f.write(b" ".join(v1 if w.startswith(b"node.verity=") else w
                          for w in open(os.path.join(mini, "cmdline"), "rb").read().split()))
    run("sh", uki_script, os.path.join(tmp, "uki-other-root.efi"), os.path.join(mini, "kernel.head"),
        os.path.join(mini, "initrd"), os.path.join(tmp, "cmdline-other-root"),
        os.path.join(mini, "tree", "etc", "os-release"))
    add("uki-of-another-root", signed("uki-of-another-root",
                                      uki_file=os.path.join(tmp, "uki-other-root.efi")), 1,
        "would not boot this root")

    with open(os.path.join(out, "cases.txt"), "w") as f:
        f.write("\n".join(cases) + "\n")
    print(len(cases))


if __name__ == "__main__":
    main()
