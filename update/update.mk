# update/: bundle verification library, the staging tool nodebundle, their unit tests and fuzz
# targets. Included from the top Makefile, which defines B, CFLAGS_COMMON, MUSLCC, UAPI and the
# $(B)/sodium/lib/libsodium.a target.
#   $(B)/nodebundle            staging tool (host gcc + Debian's libsodium-dev)
#   $(B)/libupdate-musl.a      the library for node-side programs (musl + build/sodium)
#   $(B)/nodeupdate            the node's update agent (static musl)
#   $(B)/unit/test_update_*    unit tests (part of `make unit`), test_update_agent_* for the agent
#   make update-test           the agent on disk images: scenarios, bad bundles, crash injection (root, UML)
#   make fuzz [FUZZ_SECONDS=30] builds and runs every tests/fuzz/fuzz_*.c with clang's libFuzzer

UPDATE_LIB_SRC  := $(wildcard update/lib/*.c)
UPDATE_LIB_HDR  := $(wildcard update/lib/*.h)
UPDATE_TOOL_SRC := $(wildcard update/nodebundle*.c)
UPDATE_TEST_HDR := tests/unit/check.h $(wildcard tests/unit/test_update_*.h)

# The installer's building blocks in update/agent/ (issue 6): the GPT for a blank disk (linked
# into nodeupdate, whose provision command writes it), the bundle over HTTP (not linked into
# nodeupdate: init's stage 1 fetches with it). Both unit-tested and fuzzed on their own on the
# host; the HTTP part is built for musl by `unit` so it is known to build for the node.
GPT_SRC  := $(addprefix update/agent/,crc32.c gpt_guid.c gpt_layout.c gpt_check.c)
HTTP_SRC := $(addprefix update/agent/,http_url.c http_response.c http_get.c)
INSTALLER_SRC := $(GPT_SRC) $(HTTP_SRC)
INSTALLER_HDR := $(INSTALLER_SRC:.c=.h) update/agent/gpt_format.h
HTTP_HDR := $(HTTP_SRC:.c=.h)
INSTALLER_UNIT_SRC := tests/unit/test_update_gpt.c tests/unit/test_update_http.c
INSTALLER_FUZZ_SRC := tests/fuzz/fuzz_gpt_check.c tests/fuzz/fuzz_http_response.c

# The library twice: host objects for the tool and tests, musl objects for the node.
UPDATE_HOST_OBJ := $(patsubst update/lib/%.c,$(B)/update/host/%.o,$(UPDATE_LIB_SRC))
UPDATE_MUSL_OBJ := $(patsubst update/lib/%.c,$(B)/update/musl/%.o,$(UPDATE_LIB_SRC))

$(UPDATE_HOST_OBJ): $(B)/update/host/%.o: update/lib/%.c $(UPDATE_LIB_HDR)
	@mkdir -p $(@D)
	gcc $(CFLAGS_COMMON) -g -c -o $@ $<

$(B)/libupdate-host.a: $(UPDATE_HOST_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(UPDATE_MUSL_OBJ): $(B)/update/musl/%.o: update/lib/%.c $(UPDATE_LIB_HDR) $(UAPI) $(B)/sodium/lib/libsodium.a
	@mkdir -p $(@D)
	$(MUSLCC) $(CFLAGS_COMMON) -isystem $(B)/uapi -I$(B)/sodium/include -c -o $@ $<

# Link node programs with: $(MUSLCC) -static ... $(B)/libupdate-musl.a $(B)/sodium/lib/libsodium.a
$(B)/libupdate-musl.a: $(UPDATE_MUSL_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/nodebundle: $(UPDATE_TOOL_SRC) update/nodebundle.h $(B)/libupdate-host.a
	gcc $(CFLAGS_COMMON) -Iupdate/lib -o $@ $(UPDATE_TOOL_SRC) $(B)/libupdate-host.a -lsodium

# Unit tests: more specific than the top Makefile's $(B)/unit/% rule for init's tests. The
# agent's tests (test_update_agent_*) link the agent's sources too; see below.
UPDATE_UNIT_SRC := $(filter-out tests/unit/test_update_agent_% $(INSTALLER_UNIT_SRC),$(wildcard tests/unit/test_update_*.c))
UPDATE_UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/unit/%,$(UPDATE_UNIT_SRC))

$(UPDATE_UNIT_BIN): $(B)/unit/test_update_%: tests/unit/test_update_%.c $(UPDATE_TEST_HDR) $(B)/libupdate-host.a
	@mkdir -p $(@D)
	gcc $(CFLAGS_COMMON) -g -Iupdate/lib -Itests/unit -o $@ $< $(B)/libupdate-host.a -lsodium

# nodebundle against Debian's minisign and a real build-rootimg.sh image, as one more unit test.
$(B)/unit/test_update_minisign_interop: update/test-minisign-interop.sh $(B)/nodebundle image/build-rootimg.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh %s %s %s\n' "$(abspath update/test-minisign-interop.sh)" \
		"$(abspath $(B)/nodebundle)" "$(CURDIR)" > $@
	chmod +x $@

UPDATE_UNIT_BIN += $(B)/unit/test_update_minisign_interop

# The installer's tests: host gcc, its sources, the host library (upd_error).
INSTALLER_UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/unit/%,$(INSTALLER_UNIT_SRC))
$(INSTALLER_UNIT_BIN): $(B)/unit/%: tests/unit/%.c $(INSTALLER_SRC) $(INSTALLER_HDR) $(UPDATE_TEST_HDR) $(B)/libupdate-host.a
	@mkdir -p $(@D)
	gcc $(CFLAGS_COMMON) -g -Iupdate/lib -Iupdate/agent -Itests/unit -o $@ $< $(INSTALLER_SRC) \
		$(B)/libupdate-host.a

# ... and the HTTP sources for the node: compiled with musl, linked into nothing here.
INSTALLER_MUSL_OBJ := $(patsubst update/agent/%.c,$(B)/update/installer-musl/%.o,$(HTTP_SRC))
$(INSTALLER_MUSL_OBJ): $(B)/update/installer-musl/%.o: update/agent/%.c $(INSTALLER_HDR) $(UPDATE_LIB_HDR) $(UAPI)
	@mkdir -p $(@D)
	$(MUSLCC) $(CFLAGS_COMMON) -isystem $(B)/uapi -Iupdate/lib -Iupdate/agent -c -o $@ $<

UPDATE_UNIT_BIN += $(INSTALLER_UNIT_BIN)
unit: $(INSTALLER_MUSL_OBJ)
UNIT_BIN += $(UPDATE_UNIT_BIN)
unit: $(UPDATE_UNIT_BIN)

.PHONY: update-clean
clean: update-clean
update-clean:
	rm -rf $(B)/update $(B)/fuzz $(B)/nodebundle $(B)/nodeupdate $(B)/libupdate-host.a \
		$(B)/libupdate-musl.a $(B)/tests/nodeupdate

# nodeupdate, the node's update agent (update/agent/): static musl, linked with the library.
AGENT_SRC     := $(filter-out $(HTTP_SRC),$(wildcard update/agent/*.c))
AGENT_HDR     := $(filter-out $(HTTP_HDR),$(wildcard update/agent/*.h))
AGENT_LIB_SRC := $(filter-out update/agent/nodeupdate.c,$(AGENT_SRC))

$(B)/nodeupdate: $(AGENT_SRC) $(AGENT_HDR) $(UPDATE_LIB_HDR) $(B)/libupdate-musl.a $(UAPI) $(B)/sodium/lib/libsodium.a
	$(MUSLCC) $(CFLAGS_COMMON) -static -isystem $(B)/uapi -I$(B)/sodium/include -Iupdate/lib \
		-Iupdate/agent -o $@ $(AGENT_SRC) $(B)/libupdate-musl.a $(B)/sodium/lib/libsodium.a

# The agent's unit tests: host gcc, the agent's sources but main, the host library.
AGENT_UNIT_SRC := $(wildcard tests/unit/test_update_agent_*.c)
AGENT_UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/unit/%,$(AGENT_UNIT_SRC))

$(AGENT_UNIT_BIN): $(B)/unit/test_update_agent_%: tests/unit/test_update_agent_%.c $(AGENT_LIB_SRC) $(AGENT_HDR) $(UPDATE_TEST_HDR) $(B)/libupdate-host.a
	@mkdir -p $(@D)
	gcc $(CFLAGS_COMMON) -g -Iupdate/lib -Iupdate/agent -Itests/unit -o $@ $< $(AGENT_LIB_SRC) \
		$(B)/libupdate-host.a -lsodium

UNIT_BIN += $(AGENT_UNIT_BIN)
unit: $(AGENT_UNIT_BIN) $(B)/nodeupdate

# Host-side tests of the agent on a copy of the disk image, inside User-mode Linux (root).
.PHONY: update-test
update-test: $(B)/nodeupdate $(B)/nodebundle $(O)/disk.img
	sh tests/update/scenarios.sh $(B)
	sh tests/update/bad-bundles.sh $(B)
	sh tests/update/crash-injection.sh $(B)

# Fuzzing: each target links the library sources built with the sanitizers.
FUZZ_SECONDS ?= 30
FUZZ_CC      ?= clang
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -O1 \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
PROVISION_FUZZ_SRC := tests/fuzz/fuzz_provision_conf.c
BOOTVARS_FUZZ_SRC := tests/fuzz/fuzz_boot_vars.c
UPDATE_FUZZ_SRC := $(filter-out $(INSTALLER_FUZZ_SRC) $(PROVISION_FUZZ_SRC) $(BOOTVARS_FUZZ_SRC),$(wildcard tests/fuzz/fuzz_*.c))
UPDATE_FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(UPDATE_FUZZ_SRC))

$(UPDATE_FUZZ_BIN): $(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_fixture.h tests/fuzz/fuzz_assert.h $(UPDATE_LIB_SRC) $(UPDATE_LIB_HDR) $(UPDATE_TEST_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iupdate/lib -Itests/unit -o $@ $< $(UPDATE_LIB_SRC) -lsodium

# The installer's targets link its sources instead of the library's.
INSTALLER_FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(INSTALLER_FUZZ_SRC))
$(INSTALLER_FUZZ_BIN): $(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_assert.h $(INSTALLER_SRC) $(INSTALLER_HDR) update/lib/upd_error.c $(UPDATE_LIB_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iupdate/lib -Iupdate/agent -o $@ $< $(INSTALLER_SRC) update/lib/upd_error.c
UPDATE_FUZZ_BIN += $(INSTALLER_FUZZ_BIN)

# provision.conf's parser: pure, on its own.
PROVISION_FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(PROVISION_FUZZ_SRC))
$(PROVISION_FUZZ_BIN): $(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_assert.h update/agent/provision_conf.c update/agent/provision_conf.h update/lib/upd_error.c $(UPDATE_LIB_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iupdate/lib -Iupdate/agent -o $@ $< update/agent/provision_conf.c \
		update/lib/upd_error.c
UPDATE_FUZZ_BIN += $(PROVISION_FUZZ_BIN)

# The firmware's boot variables provision reads back (a load option, BootOrder): pure parsers.
BOOTVARS_SRC := update/agent/load_option.c update/agent/boot_vars.c
BOOTVARS_FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(BOOTVARS_FUZZ_SRC))
$(BOOTVARS_FUZZ_BIN): $(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_assert.h $(BOOTVARS_SRC) $(BOOTVARS_SRC:.c=.h) update/agent/efivar.h update/agent/gpt_format.h update/lib/upd_error.c $(UPDATE_LIB_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iupdate/lib -Iupdate/agent -o $@ $< $(BOOTVARS_SRC) \
		update/lib/upd_error.c
UPDATE_FUZZ_BIN += $(BOOTVARS_FUZZ_BIN)

# Seed corpora are generated (valid bundles, keys, signatures), not checked in.
$(B)/fuzz/make_seeds: tests/fuzz/make_seeds.c $(UPDATE_TEST_HDR) $(B)/libupdate-host.a
	@mkdir -p $(@D)
	gcc $(CFLAGS_COMMON) -g -Iupdate/lib -Itests/unit -o $@ $< $(B)/libupdate-host.a -lsodium

$(B)/fuzz/seeds/.done: $(B)/fuzz/make_seeds
	rm -rf $(B)/fuzz/seeds
	$(B)/fuzz/make_seeds $(B)/fuzz/seeds
	@touch $@

# The installer's seeds: a few response heads; for fuzz_gpt_check the development disk's layout
# (mode 3: built by gpt_layout, CRCs fixed; see the target), its way to well-formed tables.
$(B)/fuzz/seeds/.installer: $(B)/fuzz/seeds/.done
	mkdir -p $(B)/fuzz/seeds/fuzz_http_response $(B)/fuzz/seeds/fuzz_gpt_check
	printf 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello' \
		> $(B)/fuzz/seeds/fuzz_http_response/ok
	printf 'HTTP/1.0 301 Moved Permanently\r\nLocation: http://10.0.2.100/b\r\nTransfer-Encoding: chunked\r\n\r\n' \
		> $(B)/fuzz/seeds/fuzz_http_response/redirect
	printf 'HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nContent-Length: 9\r\n\r\n' \
		> $(B)/fuzz/seeds/fuzz_http_response/notfound
	printf '\003\000\000\100\000\000\000\000\000\004\000\010\000\040\000\040\377\377' \
		> $(B)/fuzz/seeds/fuzz_gpt_check/devdisk
	@touch $@

# provision.conf seeds: each rule, comments, tabs, no final LF, a refused value.
$(B)/fuzz/seeds/.provision: $(B)/fuzz/seeds/.done
	mkdir -p $(B)/fuzz/seeds/fuzz_provision_conf
	printf '# node 17\ndisk first-non-removable\nwipe no\nhostname node-17\nnode-key %s\n' \
		0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef \
		> $(B)/fuzz/seeds/fuzz_provision_conf/first
	printf 'disk serial S7XNJ0K  # the second bay\n\twipe yes\nhostname a.b-c\nnode-key %s' \
		fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210 \
		> $(B)/fuzz/seeds/fuzz_provision_conf/serial
	printf 'disk name nvme0n1\nhostname x\nnode-key %s\nwipe maybe\n' \
		0000000000000000000000000000000000000000000000000000000000000001 \
		> $(B)/fuzz/seeds/fuzz_provision_conf/name
	@touch $@

# Boot variable seeds: provision's own entry for vda's ESP (122 bytes), a BootOrder.
$(B)/fuzz/seeds/.bootvars: $(B)/fuzz/seeds/.done
	mkdir -p $(B)/fuzz/seeds/fuzz_boot_vars
	printf '\001\000\000\000\136\000N\000o\000d\000e\000 \000(\000v\000d\000a\000)\000\000\000' \
		> $(B)/fuzz/seeds/fuzz_boot_vars/entry
	printf '\004\001\052\000\001\000\000\000\000\010\000\000\000\000\000\000\000\000\004\000\000\000\000\000' \
		>> $(B)/fuzz/seeds/fuzz_boot_vars/entry
	printf '\020\021\022\023\024\025\026\027\030\031\032\033\034\035\036\037\002\002' \
		>> $(B)/fuzz/seeds/fuzz_boot_vars/entry
	printf '\004\004\060\000\134\000E\000F\000I\000\134\000B\000O\000O\000T\000\134\000B\000O\000O\000T\000' \
		>> $(B)/fuzz/seeds/fuzz_boot_vars/entry
	printf 'X\0006\0004\000.\000E\000F\000I\000\000\000\177\377\004\000' >> $(B)/fuzz/seeds/fuzz_boot_vars/entry
	printf '\007\000\000\000\010\000\002\000\003\000\001\000\000\000' > $(B)/fuzz/seeds/fuzz_boot_vars/order
	@touch $@

.PHONY: fuzz fuzz-build
fuzz-build: $(UPDATE_FUZZ_BIN) $(B)/fuzz/seeds/.done $(B)/fuzz/seeds/.installer \
	$(B)/fuzz/seeds/.provision $(B)/fuzz/seeds/.bootvars

fuzz: fuzz-build
	@for f in $(UPDATE_FUZZ_BIN); do \
		n=$$(basename $$f); \
		mkdir -p $(B)/fuzz/corpus/$$n $(B)/fuzz/artifacts; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -rss_limit_mb=4096 \
			-artifact_prefix=$(B)/fuzz/artifacts/$$n- \
			$(B)/fuzz/corpus/$$n $(B)/fuzz/seeds/$$n > $(B)/fuzz/$$n.log 2>&1 || \
			{ tail -40 $(B)/fuzz/$$n.log; echo "fuzz: $$n FAILED (log $(B)/fuzz/$$n.log)"; exit 1; }; \
		grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $(B)/fuzz/$$n.log | tr '\n' ' '; echo; \
		grep -Eq '^stat::number_of_executed_units: *[1-9]' $(B)/fuzz/$$n.log || \
			{ tail -5 $(B)/fuzz/$$n.log; echo "fuzz: $$n ran nothing (a missing seed directory?)"; exit 1; }; \
	done
