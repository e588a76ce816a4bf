# The node's state for operators (init/nodestate/). Included from the top Makefile, which defines
# B, CFLAGS_COMMON, MUSLCC, UAPI, UNIT_BIN and FUZZ_* (via update.mk).
#   $(B)/nodestatus             the state for a person, or --json (static musl, stripped)
#   $(B)/nodemetrics            the same for the site's Prometheus (static musl, stripped)
#   $(B)/unit/test_nodestate_*  unit tests (part of `make unit`), test_nodestate_scrape the script
#   make fuzz-nodestate [FUZZ_SECONDS=30]  libFuzzer on the HTTP request parser
# It links, not copies, what others already parse: nodefw's listing parser, init's os-release
# lookup, and the update agent's state file and LoaderBootCountPath readers.

NODESTATE_HDR := $(wildcard init/nodestate/*.h) init/services.h init/os_release.h \
	init/nodefw/fw_listing.h $(wildcard update/agent/*.h) $(wildcard update/lib/*.h)
NODESTATE_LIB := $(addprefix init/nodestate/,ns_source.c ns_file.c ns_version.c ns_boot.c \
	ns_update.c ns_services.c ns_firewall.c ns_system.c ns_collect.c ns_out.c ns_text.c \
	ns_json.c ns_metrics.c) \
	init/nodefw/fw_listing.c init/os_release.c \
	update/agent/state_file.c update/agent/fs_util.c update/agent/bootcount_var.c \
	update/agent/efivar.c update/lib/bls_name.c update/lib/version.c update/lib/upd_error.c \
	update/lib/upd_io.c
# No -Iinit: init/ and update/ both have a version.h and an os_release.h; nodestate names init's
# headers by relative path.
NODESTATE_INC := -Iinit/nodestate -Iinit/nodefw -Iupdate/lib

$(B)/nodestatus: init/nodestate/nodestatus.c $(NODESTATE_LIB) $(NODESTATE_HDR)
	@mkdir -p $(@D)
	$(MUSLCC) $(CFLAGS_COMMON) -static -s $(NODESTATE_INC) -o $@ $< $(NODESTATE_LIB)

$(B)/nodemetrics: init/nodestate/nodemetrics.c init/nodestate/http_request.c \
		init/nodestate/metrics_privileges.c init/privdrop/privdrop.c init/privdrop/privdrop.h $(NODESTATE_LIB) $(NODESTATE_HDR) $(UAPI)
	@mkdir -p $(@D)
	$(MUSLCC) $(CFLAGS_COMMON) -static -s -isystem $(B)/uapi $(NODESTATE_INC) -o $@ $< \
		init/nodestate/http_request.c init/nodestate/metrics_privileges.c init/privdrop/privdrop.c $(NODESTATE_LIB)

# Unit tests: named explicitly, so they win over the top Makefile's $(B)/unit/% rule for init/.
NODESTATE_UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/unit/%,$(wildcard tests/unit/test_nodestate_*.c))

$(NODESTATE_UNIT_BIN): $(B)/unit/%: tests/unit/%.c init/nodestate/http_request.c $(NODESTATE_LIB) \
		$(NODESTATE_HDR) tests/unit/check.h
	@mkdir -p $(@D)
	gcc $(CFLAGS_COMMON) -g $(NODESTATE_INC) -o $@ $< init/nodestate/http_request.c $(NODESTATE_LIB)

# nodemetrics on 127.0.0.1 against a fixture root, scraped with curl, checked by promtool.
$(B)/unit/test_nodestate_scrape: tests/unit/nodestate.sh $(B)/nodemetrics $(B)/nodestatus
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec sh "%s/tests/unit/nodestate.sh" "%s" "%s" "%s"\n' "$(CURDIR)" "$(CURDIR)" \
		"$(abspath $(B)/nodemetrics)" "$(abspath $(B)/nodestatus)" > $@
	chmod +x $@

NODESTATE_UNIT_BIN += $(B)/unit/test_nodestate_scrape
UNIT_BIN += $(NODESTATE_UNIT_BIN)
unit: $(NODESTATE_UNIT_BIN) $(B)/nodestatus $(B)/nodemetrics

$(B)/fuzz/init/fuzz_http_request: tests/fuzz/init/fuzz_http_request.c tests/fuzz/fuzz_assert.h \
		init/nodestate/http_request.c init/nodestate/http_request.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iinit/nodestate -o $@ $< init/nodestate/http_request.c

.PHONY: fuzz-nodestate
fuzz: fuzz-nodestate
fuzz-nodestate: $(B)/fuzz/init/fuzz_http_request
	@d=$(B)/fuzz/init; n=fuzz_http_request; mkdir -p $$d/$$n.corpus $$d/artifacts; \
	echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	$$d/$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-artifact_prefix=$$d/artifacts/ $$d/$$n.corpus > $$d/$$n.log 2>&1 || \
		{ tail -40 $$d/$$n.log; echo "fuzz: $$n FAILED (log $$d/$$n.log)"; exit 1; }; \
	grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $$d/$$n.log | tr '\n' ' '; echo

.PHONY: nodestate-clean
clean: nodestate-clean
nodestate-clean:
	rm -rf $(B)/nodestatus $(B)/nodemetrics $(B)/fuzz/init/fuzz_http_request*
