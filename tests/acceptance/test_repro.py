"""Two builds from the same inputs give byte-identical root image, UKI and disk image."""
import os
import re
import subprocess

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(sc):
    p = subprocess.run(["sh", "tests/check-repro.sh", sc.build], cwd=TOP, capture_output=True, text=True)
    print(p.stdout, end="")
    for f in ("root.img", "uki.efi", "disk.img"):
        m = re.search(r"^repro: %s (.*)$" % re.escape(f), p.stdout, re.M)
        sc.check("%s is byte-identical in a second build" % f, m and m.group(1).endswith("identical"),
                 (m.group(1) if m else p.stderr[-500:]))
