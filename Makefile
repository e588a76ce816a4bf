# Node appliance: `make run` boots the image in QEMU, `make test` runs every test.
# Both install what is missing first (Debian packages only; needs root).

B        := build
VERSION  ?= 1.0.0
DEBUG    ?= 0
VARIANT  := $(if $(filter 1,$(DEBUG)),debug,prod)
O        := $(B)/$(VARIANT)
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1700000000)
export SOURCE_DATE_EPOCH

CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2
MUSLCC   := musl-gcc
# musl-gcc sees no kernel UAPI headers; these three symlinks give it exactly those.
UAPI     := $(B)/uapi/.done

INIT_SRC := $(wildcard init/*.c)
INIT_HDR := $(wildcard init/*.h)
IMAGE_SRC := $(wildcard image/*.sh image/*.list) $(shell find overlays -type f 2>/dev/null)

.PHONY: all deps image run bundle usb pxe test unit acceptance check-repro bench clean
all: image

deps:
	@sh image/deps.sh

$(UAPI):
	@mkdir -p $(B)/uapi
	ln -sfn /usr/include/linux $(B)/uapi/linux
	ln -sfn /usr/include/x86_64-linux-gnu/asm $(B)/uapi/asm
	ln -sfn /usr/include/asm-generic $(B)/uapi/asm-generic
	@touch $@

# init opens the sealed secrets (secrets.c) with libsodium, built for musl like the update agent's.
# Its installer mode (install_*.c) verifies a bundle with the update library, the very code
# nodeupdate uses, and fetches over HTTP with the agent's client.
# Stripped (-s): libsodium.a carries debug sections, and init rides in the initramfs.
INIT_UPDATE_SRC := update/agent/http_url.c update/agent/http_response.c update/agent/http_get.c
INIT_UPDATE_HDR := $(INIT_UPDATE_SRC:.c=.h)
INIT_UPDATE_INC := -Iupdate/lib -Iupdate/agent
$(B)/init: $(INIT_SRC) $(INIT_HDR) $(INIT_UPDATE_SRC) $(INIT_UPDATE_HDR) $(UAPI) $(B)/sodium/lib/libsodium.a $(B)/libupdate-musl.a
	$(MUSLCC) $(CFLAGS_COMMON) -static -s -isystem $(B)/uapi -I$(B)/sodium/include $(INIT_UPDATE_INC) \
		-o $@ $(INIT_SRC) $(INIT_UPDATE_SRC) $(B)/libupdate-musl.a $(B)/sodium/lib/libsodium.a

# nodefw: the firewall's status on the node (init/nodefw/).
NODEFW_SRC := $(wildcard init/nodefw/*.c)
NODEFW_HDR := $(wildcard init/nodefw/*.h)
$(B)/nodefw: $(NODEFW_SRC) $(NODEFW_HDR)
	$(MUSLCC) $(CFLAGS_COMMON) -static -o $@ $(NODEFW_SRC)

# node-dhcp-event: udhcpc's script for an interface the site gives to DHCP (init/dhcp_event/).
DHCP_EVENT_SRC := $(wildcard init/dhcp_event/*.c)
$(B)/node-dhcp-event: $(DHCP_EVENT_SRC) $(wildcard init/dhcp_event/*.h)
	$(MUSLCC) $(CFLAGS_COMMON) -static -s -o $@ $(DHCP_EVENT_SRC)

# nodetime: the node's time client, for the site's time servers only (init/nodetime/).
NODETIME_SRC := $(wildcard init/nodetime/*.c) init/privdrop/privdrop.c
$(B)/nodetime: $(NODETIME_SRC) $(wildcard init/nodetime/*.h) init/privdrop/privdrop.h $(UAPI)
	$(MUSLCC) $(CFLAGS_COMMON) -static -s -isystem $(B)/uapi -o $@ $(NODETIME_SRC)

NODETIME_LIB := init/nodetime/ntp_packet.c init/nodetime/clock_policy.c
$(B)/unit/test_ntp_packet $(B)/unit/test_clock_policy: $(B)/unit/%: tests/unit/%.c $(NODETIME_LIB) $(wildcard init/nodetime/*.h) tests/unit/check.h
	@mkdir -p $(B)/unit
	gcc $(CFLAGS_COMMON) -g -Iinit/nodetime -o $@ $< $(NODETIME_LIB)

$(B)/unit/test_dhcp_lease: tests/unit/test_dhcp_lease.c init/dhcp_event/lease.c init/dhcp_event/lease.h tests/unit/check.h
	@mkdir -p $(B)/unit
	gcc $(CFLAGS_COMMON) -g -Iinit/dhcp_event -o $@ $< init/dhcp_event/lease.c

# nodeseal: seals the site's secrets for the node key at build time (host gcc + libsodium-dev).
$(B)/nodeseal: image/nodeseal/nodeseal.c init/seal_format.c init/seal_format.h init/errbuf.c init/fileio.c init/fileio.h
	gcc $(CFLAGS_COMMON) -Iinit -o $@ image/nodeseal/nodeseal.c init/seal_format.c init/errbuf.c init/fileio.c -lsodium

$(B)/sodium/lib/libsodium.a:
	sh image/build-libsodium.sh $(B)/sodium

$(B)/debs/.done: image/packages.list image/fetch-debs.sh
	sh image/fetch-debs.sh $(B)/debs
	@touch $@

$(B)/kernel/.done: $(B)/debs/.done
	sh image/kernel.sh $(B)/debs $(B)/kernel
	@touch $@

$(O)/disk.img: $(B)/init $(B)/nodeupdate $(B)/nodefw $(B)/nodecri $(B)/node-dhcp-event $(B)/nodetime $(B)/diode-recv $(B)/diode-send $(B)/nodestatus $(B)/nodemetrics $(B)/nodelog $(B)/nodeseal $(IMAGE_SRC) $(B)/debs/.done $(B)/kernel/.done $(B)/sodium/lib/libsodium.a
	sh image/build-image.sh $(O) $(VERSION) $(DEBUG) $(B)

image: deps
	@$(MAKE) --no-print-directory $(O)/disk.img

# QEMU boots a copy: the built disk image stays as built (tests and check-repro compare it), while
# the copy keeps its /var from one `make run` to the next until the image is rebuilt.
$(O)/run.img: $(O)/disk.img
	cp --sparse=always $< $@
	rm -f $(O)/run.vars.fd

run: image
	@$(MAKE) --no-print-directory $(O)/run.img
	sh qemu/run.sh $(O)/run.img

# The signed update bundle of the built image (update/FORMAT.md): $(O)/node-$(VERSION).bundle.
MIN_VERSION ?= 1.0.0
bundle: image
	@$(MAKE) --no-print-directory $(B)/nodebundle
	sh image/build-bundle.sh $(O) $(B) $(MIN_VERSION)

# Installation media for new nodes (firmware/README.md), from the DEBUG=$(DEBUG) image and its bundle:
#   make usb   build/usb/node-usb.img: write it to a USB stick; the node boots it and installs itself
#   make pxe   build/pxe/tftp/node-install.efi for the TFTP server, build/pxe/http/DIR/ for the
#              HTTP server at the site.conf's provision-url http://A.B.C.D:PORT/DIR/
# PROVISION_CONF: the site's provision.conf (its signature, FILE.minisig, beside it); without it the
# development config (development node key). USB_UPDATES: extra update bundles for the stick's top
# directory, where a running node's `nodeupdate watch` finds them.
PROVISION_CONF ?=
USB_UPDATES ?=
usb: bundle
	sh image/build-provision.sh $(O) $(B) "$(PROVISION_CONF)"
	sh image/build-usb.sh $(B)/usb/node-usb.img $(O) $(B) $(USB_UPDATES)

pxe: bundle
	sh image/build-provision.sh $(O) $(B) "$(PROVISION_CONF)"
	sh image/build-pxe.sh $(B)/pxe $(O) $(B)

# Unit tests: each tests/unit/test_*.c links with everything in init/ but main.c.
UNIT_SRC := $(filter-out tests/unit/test_update_%,$(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/unit/%,$(UNIT_SRC))
INIT_LIB := $(filter-out init/main.c,$(INIT_SRC))
$(B)/unit/%: tests/unit/%.c $(INIT_LIB) $(INIT_HDR) $(INIT_UPDATE_SRC) $(INIT_UPDATE_HDR) tests/unit/check.h $(B)/libupdate-host.a
	@mkdir -p $(B)/unit
	gcc $(CFLAGS_COMMON) -g -Iinit $(INIT_UPDATE_INC) -o $@ $< $(INIT_LIB) $(INIT_UPDATE_SRC) \
		$(B)/libupdate-host.a -lsodium

$(B)/unit/test_fw_listing: tests/unit/test_fw_listing.c init/nodefw/fw_listing.c init/nodefw/fw_listing.h tests/unit/check.h
	@mkdir -p $(B)/unit
	gcc $(CFLAGS_COMMON) -g -Iinit/nodefw -o $@ $< init/nodefw/fw_listing.c

# The firewall renderer, as one more unit test (a script with the checkout's path baked in).
$(B)/unit/test_render_firewall: tests/unit/render-firewall.sh image/render-firewall.sh overlays/site/etc/node/site.conf
	@mkdir -p $(B)/unit
	printf '#!/bin/sh\nexec sh "%s/tests/unit/render-firewall.sh" "%s"\n' "$(CURDIR)" "$(CURDIR)" > $@
	chmod +x $@
UNIT_BIN += $(B)/unit/test_render_firewall

# Sealing at build time (nodeseal, seal-secrets.sh, render-containerd.sh), as one more unit test.
$(B)/unit/test_sealing: tests/unit/sealing.sh $(B)/nodeseal image/seal-secrets.sh image/render-containerd.sh
	@mkdir -p $(B)/unit
	printf '#!/bin/sh\nexec sh "%s/tests/unit/sealing.sh" "%s" "%s"\n' "$(CURDIR)" "$(CURDIR)" "$(abspath $(B)/nodeseal)" > $@
	chmod +x $@
UNIT_BIN += $(B)/unit/test_sealing

# Fuzzing init's parser of sealed secret files and nodetime's of NTP replies (make fuzz runs them;
# FUZZ_* come from update.mk).
$(B)/fuzz/init/fuzz_seal_format: tests/fuzz/init/fuzz_seal_format.c tests/fuzz/fuzz_assert.h init/seal_format.c init/seal_format.h init/errbuf.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iinit -o $@ $< init/seal_format.c init/errbuf.c
$(B)/fuzz/init/fuzz_ntp_reply: tests/fuzz/init/fuzz_ntp_reply.c tests/fuzz/fuzz_assert.h init/nodetime/ntp_packet.c init/nodetime/ntp_packet.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iinit/nodetime -o $@ $< init/nodetime/ntp_packet.c
INIT_FUZZ := fuzz_seal_format fuzz_ntp_reply
.PHONY: fuzz-init
fuzz: fuzz-init
fuzz-init: $(patsubst %,$(B)/fuzz/init/%,$(INIT_FUZZ))
	@for t in $(INIT_FUZZ); do \
		mkdir -p $(B)/fuzz/init/$$t.corpus $(B)/fuzz/init/artifacts; \
		echo "fuzz: $$t for $(FUZZ_SECONDS)s"; \
		$(B)/fuzz/init/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=$(B)/fuzz/init/artifacts/ $(B)/fuzz/init/$$t.corpus > $(B)/fuzz/init/$$t.log 2>&1 || \
			{ tail -40 $(B)/fuzz/init/$$t.log; echo "fuzz: $$t FAILED"; exit 1; }; \
		grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $(B)/fuzz/init/$$t.log | tr '\n' ' '; echo; \
	done

# The update agent's library, tools and tests (its unit tests add themselves to UNIT_BIN).
-include update/update.mk
-include init/nodecri/nodecri.mk
-include update/diode/diode.mk
-include init/nodestate/nodestate.mk
-include init/nodelog/nodelog.mk

unit: $(UNIT_BIN)

test: deps
	@$(MAKE) --no-print-directory unit $(B)/nodebundle
	@$(MAKE) --no-print-directory DEBUG=1 $(B)/debug/disk.img
	@$(MAKE) --no-print-directory DEBUG=0 $(B)/prod/disk.img
	@$(MAKE) --no-print-directory DEBUG=1 usb pxe
	@python3 tests/run.py --build $(B)

check-repro: deps
	sh tests/check-repro.sh $(B)

bench: deps
	@$(MAKE) --no-print-directory DEBUG=1 $(B)/debug/disk.img
	@$(MAKE) --no-print-directory DEBUG=0 $(B)/prod/disk.img
	python3 tests/bench/boot.py --build $(B)
	@$(MAKE) --no-print-directory $(B)/diode-send $(B)/diode-recv
	sh tests/bench/diode.sh $(B)
	@$(MAKE) --no-print-directory $(B)/nodeupdate $(B)/nodebundle
	sh tests/bench/install.sh $(B)

clean:
	rm -rf $(B)/prod $(B)/debug $(B)/unit $(B)/init $(B)/tests $(B)/usb $(B)/pxe
