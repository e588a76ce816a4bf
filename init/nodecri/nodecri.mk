# nodecri: the node's client for containerd's CRI PullImage (init/nodecri/). Included from the
# top Makefile, which defines B, CFLAGS_COMMON, MUSLCC, UNIT_BIN and FUZZ_* (via update.mk).
#   $(B)/nodecri                        static musl, like nodefw
#   $(B)/unit/test_hpack, test_cri_msg, test_grpc_call   host gcc unit tests (part of `make unit`)
#   make fuzz-nodecri [FUZZ_SECONDS=30] libFuzzer on the HPACK decoder and the whole answer
#                                       parser; `make fuzz` runs it too

NODECRI_SRC := $(wildcard init/nodecri/*.c)
NODECRI_HDR := $(wildcard init/nodecri/*.h)
NODECRI_LIB := $(filter-out init/nodecri/nodecri.c,$(NODECRI_SRC))

$(B)/nodecri: $(NODECRI_SRC) $(NODECRI_HDR)
	$(MUSLCC) $(CFLAGS_COMMON) -static -o $@ $(NODECRI_SRC)

# Unit tests: named explicitly, so they win over the top Makefile's $(B)/unit/% rule for init/.
NODECRI_UNIT_BIN := $(B)/unit/test_hpack $(B)/unit/test_cri_msg $(B)/unit/test_grpc_call

$(NODECRI_UNIT_BIN): $(B)/unit/%: tests/unit/%.c $(NODECRI_LIB) $(NODECRI_HDR) tests/unit/check.h
	@mkdir -p $(@D)
	gcc $(CFLAGS_COMMON) -g -Iinit/nodecri -Itests/unit -o $@ $< $(NODECRI_LIB)

UNIT_BIN += $(NODECRI_UNIT_BIN)
unit: $(NODECRI_UNIT_BIN) $(B)/nodecri

# Fuzzing: its own loop (update.mk's links every tests/fuzz/fuzz_*.c with the update library, so
# these live in tests/fuzz/nodecri/). Seeds are generated, not checked in: RFC 7541 Appendix C
# blocks and typical answers, written by make_seeds.
NODECRI_FUZZ_SRC := $(wildcard tests/fuzz/nodecri/fuzz_*.c)
NODECRI_FUZZ_BIN := $(patsubst tests/fuzz/nodecri/%.c,$(B)/fuzz/nodecri/%,$(NODECRI_FUZZ_SRC))

$(NODECRI_FUZZ_BIN): $(B)/fuzz/nodecri/%: tests/fuzz/nodecri/%.c tests/fuzz/fuzz_assert.h $(NODECRI_LIB) $(NODECRI_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iinit/nodecri -o $@ $< $(NODECRI_LIB)

$(B)/fuzz/nodecri/make_seeds: tests/fuzz/nodecri/make_seeds.c $(NODECRI_LIB) $(NODECRI_HDR)
	@mkdir -p $(@D)
	gcc $(CFLAGS_COMMON) -g -Iinit/nodecri -o $@ $< $(NODECRI_LIB)

$(B)/fuzz/nodecri/seeds/.done: $(B)/fuzz/nodecri/make_seeds
	rm -rf $(B)/fuzz/nodecri/seeds
	$(B)/fuzz/nodecri/make_seeds $(B)/fuzz/nodecri/seeds
	@touch $@

.PHONY: fuzz-nodecri
fuzz: fuzz-nodecri
fuzz-nodecri: $(NODECRI_FUZZ_BIN) $(B)/fuzz/nodecri/seeds/.done
	@for f in $(NODECRI_FUZZ_BIN); do \
		n=$$(basename $$f); d=$(B)/fuzz/nodecri; \
		mkdir -p $$d/corpus/$$n $$d/artifacts; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -rss_limit_mb=4096 \
			-artifact_prefix=$$d/artifacts/$$n- $$d/corpus/$$n $$d/seeds/$$n > $$d/$$n.log 2>&1 || \
			{ tail -40 $$d/$$n.log; echo "fuzz: $$n FAILED (log $$d/$$n.log)"; exit 1; }; \
		grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $$d/$$n.log | tr '\n' ' '; echo; \
	done
