"""Build more image versions for a test (v2, v3, deliberately broken ones) and their bundles,
with the project's own build scripts, and USB media holding bundles."""
import os
import subprocess

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def build_version(build, out, version, debug=1, overlay=None, min_version="1.0.0"):
    """Image + signed bundle of `version` into directory `out`; returns the bundle's path."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", open(os.path.join(build, "debug", "source-date-epoch")).read().strip())
    if overlay:
        env["NODE_TEST_OVERLAY"] = os.path.join(TOP, "tests", "overlays", overlay)
    subprocess.run(["sh", "image/build-image.sh", out, version, str(debug), build], cwd=TOP, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["sh", "image/build-bundle.sh", out, build, min_version], cwd=TOP, env=env, check=True)
    return os.path.join(out, "node-%s.bundle" % version)


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
    return ["-device", "qemu-xhci,id=xhci", "-drive", "if=none,id=%s,format=raw,readonly=on,file=%s" % (id, path),
            "-device", "usb-storage,bus=xhci.0,drive=%s,removable=on" % id]
