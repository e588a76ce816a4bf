# The one-way data diode's transfer tools (update/diode/). Included from the top Makefile, which
# defines B, CFLAGS_COMMON, MUSLCC, UNIT_BIN, the $(B)/sodium/lib/libsodium.a target and FUZZ_*
# (via update.mk).
#   $(B)/diode-send               staging side: host gcc, Debian's libisal-dev and libsodium-dev
#   $(B)/diode-recv               node side: static musl, stripped, with build/sodium and build/isal
#   $(B)/unit/test_diode_*        host gcc unit tests (part of `make unit`)
#   make diode-test               two network namespaces, a lossy relay, the receiver (root)
#   make fuzz-diode [FUZZ_SECONDS=30]  libFuzzer on the parser and the receiver's assembly
#   tests/bench/diode.sh          wire bytes and time against udpcast (`make bench` calls it)

DIODE_HDR    := $(wildcard update/diode/*.h)
DIODE_COMMON := update/diode/diode_err.c update/diode/diode_packet.c update/diode/diode_key.c \
		update/diode/diode_fec.c
DIODE_RXLIB  := $(DIODE_COMMON) update/diode/diode_io.c update/diode/diode_xfer.c update/diode/diode_rx.c
DIODE_SEND_SRC := $(DIODE_COMMON) update/diode/diode_pace.c update/diode/diode_send.c
DIODE_RECV_SRC := $(DIODE_RXLIB) update/diode/diode_recv.c

$(B)/isal/lib/libisal.a:
	sh image/build-isal.sh $(B)/isal

$(B)/diode-send: $(DIODE_SEND_SRC) $(DIODE_HDR)
	@mkdir -p $(@D)
	gcc $(CFLAGS_COMMON) -o $@ $(DIODE_SEND_SRC) -lisal -lsodium

$(B)/diode-recv: $(DIODE_RECV_SRC) $(DIODE_HDR) $(B)/sodium/lib/libsodium.a $(B)/isal/lib/libisal.a
	$(MUSLCC) $(CFLAGS_COMMON) -static -s -I$(B)/isal/include -I$(B)/sodium/include -o $@ $(DIODE_RECV_SRC) \
		$(B)/isal/lib/libisal.a $(B)/sodium/lib/libsodium.a

# Unit tests: named explicitly, so they win over the top Makefile's $(B)/unit/% rule for init/.
DIODE_UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/unit/%,$(wildcard tests/unit/test_diode_*.c))

$(DIODE_UNIT_BIN): $(B)/unit/%: tests/unit/%.c $(DIODE_RXLIB) $(DIODE_HDR) tests/unit/check.h
	@mkdir -p $(@D)
	gcc $(CFLAGS_COMMON) -g -Iupdate/diode -Itests/unit -o $@ $< $(DIODE_RXLIB) -lisal -lsodium

UNIT_BIN += $(DIODE_UNIT_BIN)
unit: $(DIODE_UNIT_BIN) $(B)/diode-send $(B)/diode-recv

.PHONY: diode-test
diode-test: $(B)/diode-send $(B)/diode-recv
	sh tests/diode/run.sh $(B)

# Fuzzing: its own directory, like nodecri's (update.mk links tests/fuzz/fuzz_*.c with the update
# library). No seeds to generate: the target builds valid signed packets from the input itself.
$(B)/fuzz/diode/fuzz_diode_packet: tests/fuzz/diode/fuzz_diode_packet.c tests/fuzz/fuzz_assert.h $(DIODE_RXLIB) $(DIODE_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iupdate/diode -o $@ $< $(DIODE_RXLIB) -lisal -lsodium

.PHONY: fuzz-diode
fuzz: fuzz-diode
fuzz-diode: $(B)/fuzz/diode/fuzz_diode_packet
	@d=$(B)/fuzz/diode; n=fuzz_diode_packet; mkdir -p $$d/corpus $$d/artifacts; \
	echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	$$d/$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -rss_limit_mb=4096 \
		-artifact_prefix=$$d/artifacts/ $$d/corpus > $$d/$$n.log 2>&1 || \
		{ tail -40 $$d/$$n.log; echo "fuzz: $$n FAILED (log $$d/$$n.log)"; exit 1; }; \
	grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $$d/$$n.log | tr '\n' ' '; echo

.PHONY: diode-clean
clean: diode-clean
diode-clean:
	rm -rf $(B)/diode-send $(B)/diode-recv $(B)/fuzz/diode
