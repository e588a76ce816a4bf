"""The production image (make DEBUG=0): boots to ready, and offers no shell on the console."""
import os
import time


def run(sc):
    tree = os.path.join(sc.image("prod"), "root.tree", "etc", "node", "services")
    svc = [l.split()[0] for l in open(tree) if l.strip() and not l.startswith("#")]
    sc.check("production services list has no console shell", "shell" not in svc, repr(svc))
    img = sc.disk_copy("prod")
    vm = sc.vm(img, name="prod").start()
    version, slot = vm.wait_ready(timeout=240)
    sc.equal("production image boots to ready on slot a", slot, "a")
    time.sleep(2)
    vm.send("\nprintf '%s_%s\\n' __PRO BE\n")
    time.sleep(8)
    sc.check("the console runs no shell", "__PRO_BE" not in vm.text(), "a shell answered on the console")
    vm.send("\x1b")  # nothing to read: prove the VM is still alive and quiet
    sc.check("the production node stays up", vm.alive(), "QEMU exited")
