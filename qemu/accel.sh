#!/bin/sh
# Print the QEMU accelerator options to use. KVM only when a probe shows it really runs guest code
# (on the CI and development machines /dev/kvm exists but QEMU aborts as soon as a vCPU starts):
# a VM that is still running after 3 s is proof; one that died is not.
if [ -w /dev/kvm ]; then
	timeout 3 qemu-system-x86_64 -accel kvm -cpu host -machine q35 -display none -monitor none \
		-serial none -no-user-config -nodefaults </dev/null >/dev/null 2>&1
	if [ $? -eq 124 ]; then echo "-accel kvm -cpu host"; exit 0; fi
fi
echo "-accel tcg,thread=multi -cpu max"
