"""Build more image versions for a test (v2, v3, deliberately broken ones) and their bundles,
with the project's own build scripts, and USB media holding bundles."""
import fcntl
import hashlib
import os
import subprocess

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _env(build):
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", open(os.path.join(build, "debug", "source-date-epoch")).read().strip())
    return env


def _inputs_key(build, version, debug, overlay, min_version):
    """What a built version depends on: the v1 image as built (its sha256sums cover init, the
    agent and the root tree), the test overlay's files, and the arguments."""
    h = hashlib.sha256()
    for f in (os.path.join(build, "debug", "sha256sums"), os.path.join(build, "prod", "sha256sums")):
        if os.path.exists(f):
            h.update(open(f, "rb").read())
    if overlay:
        d = os.path.join(TOP, "tests", "overlays", overlay)
        for root, _, names in sorted(os.walk(d)):
            for n in sorted(names):
                p = os.path.join(root, n)
                h.update(p.encode() + b"\0" + open(p, "rb").read())
    h.update(repr((version, debug, overlay, min_version)).encode())
    return h.hexdigest()


def build_version(build, out=None, version="2.0.0", debug=1, overlay=None, min_version="1.0.0"):
    """Image + signed bundle of `version`; returns the bundle's path. Without `out`, versions
    are kept in build/tests/versions and rebuilt only when what they are made of changed, so
    scenarios share them."""
    if out is None:
        out = os.path.join(build, "tests", "versions", "%s%s" % (version, "-" + overlay if overlay else ""))
    key = _inputs_key(build, version, debug, overlay, min_version)
    os.makedirs(out, exist_ok=True)
    # scenarios in both lanes may ask for the same version: one builds, the other waits for it
    with open(os.path.join(out, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_locked(build, out, key, version, debug, overlay, min_version)


def _build_locked(build, out, key, version, debug, overlay, min_version):
    stamp = os.path.join(out, "inputs.key")
    bundle = os.path.join(out, "node-%s.bundle" % version)
    if os.path.exists(bundle) and os.path.exists(stamp) and open(stamp).read() == key:
        return bundle
    if os.path.exists(stamp):
        os.unlink(stamp)
    env = _env(build)
    if overlay:
        env["NODE_TEST_OVERLAY"] = os.path.join(TOP, "tests", "overlays", overlay)
    subprocess.run(["sh", "image/build-image.sh", out, version, str(debug), build], cwd=TOP, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["sh", "image/build-bundle.sh", out, build, min_version], cwd=TOP, env=env, check=True)
    with open(stamp, "w") as f:
        f.write(key)
    return bundle


def panicking_bundle(build, base_bundle, version):
    """A signed bundle of `version` that passes every check of the agent but whose kernel panics
    at boot: its UKI has the real cmdline of base_bundle's image (so the root it names is the
    bundle's root), an os-release saying `version`, and an initramfs without /init."""
    d = os.path.dirname(base_bundle)
    out = os.path.join(d, "panic-%s" % version)
    os.makedirs(out, exist_ok=True)
    initrd = os.path.join(out, "initramfs-without-init.cpio")
    # one plain file, no /init: the kernel finds no init and, with panic=10, reboots
    subprocess.run("cd '%s' && echo 'no init here' > README && echo README | cpio -o -H newc --quiet > '%s'"
                   % (out, initrd), shell=True, check=True)
    osrel = os.path.join(out, "osrel")
    with open(os.path.join(d, "osrel")) as f, open(osrel, "w") as o:
        for line in f:
            o.write("IMAGE_VERSION=%s\n" % version if line.startswith("IMAGE_VERSION=") else line)
    boot = os.path.join(build, "kernel", "boot")
    kernel = os.path.join(boot, [f for f in os.listdir(boot) if f.startswith("vmlinuz-")][0])
    uki = os.path.join(out, "uki.efi")
    subprocess.run(["sh", "image/build-uki.sh", uki, kernel, initrd, os.path.join(d, "cmdline"), osrel],
                   cwd=TOP, env=_env(build), check=True)
    return bundle_from(build, out, version, os.path.join(d, "root.img"), os.path.join(d, "root.img.verity"), uki)


def bundle_from(build, out, version, root_img, verity, uki, min_version="1.0.0"):
    """A signed bundle from given parts (for bundles whose UKI is broken on purpose)."""
    path = os.path.join(out, "node-%s.bundle" % version)
    nb = os.path.join(build, "nodebundle")
    subprocess.run([nb, "create", "--root", root_img, "--verity", verity, "--uki", uki, "--version", version,
                    "--min-version", min_version, "--product", "node", "-o", path], check=True)
    subprocess.run([nb, "sign", "-s", os.path.join(build, "keys", "dev.key"), path], check=True,
                   stdout=subprocess.DEVNULL)
    return path


def usb_media(path, files, label="NODEUPD"):
    """A FAT32 filesystem image (no partition table, like many USB sticks) holding `files`."""
    size = sum(os.path.getsize(f) for f in files) + (64 << 20)
    if os.path.exists(path):
        os.unlink(path)
    subprocess.run(["mkfs.fat", "-F", "32", "-n", label, "-C", path, str(size // 1024)], check=True,
                   stdout=subprocess.DEVNULL)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    for f in files:
        subprocess.run(["mcopy", "-i", path, f, "::/" + os.path.basename(f)], check=True, env=env)
    return path


def usb_args(path, id="usb0"):
    """A USB controller and a stick in it from power-on (its device id: id + "-dev")."""
    return ["-device", "qemu-xhci,id=xhci", "-drive", "if=none,id=%s,format=raw,readonly=on,file=%s" % (id, path),
            "-device", "usb-storage,bus=xhci.0,drive=%s,removable=on,id=%s-dev" % (id, id)]


def usb_plug(vm, path, id):
    """Hot-plugs a stick into the running VM's USB controller (usb_args made it)."""
    vm.monitor("drive_add 0 if=none,id=%s,format=raw,readonly=on,file=%s" % (id, path))
    vm.monitor("device_add usb-storage,bus=xhci.0,drive=%s,removable=on,id=%s-dev" % (id, id))


def usb_unplug(vm, id):
    vm.monitor("device_del %s-dev" % id)
