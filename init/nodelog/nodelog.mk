# The node's log (init/nodelog/). Included from the top Makefile, which defines B,
# CFLAGS_COMMON, MUSLCC, UAPI, UNIT_BIN and FUZZ_* (via update.mk).
#   $(B)/nodelog              the service (static musl, stripped)
#   $(B)/unit/test_nodelog_*  unit tests (part of `make unit`)
#   make fuzz-nodelog [FUZZ_SECONDS=30]  libFuzzer on the kmsg record parser and both formatters
# It links, not copies, what init already has: dirscan (getdents64 without malloc), fileio,
# the restart back-off, the os-release lookup and privdrop.

NODELOG_HDR := $(wildcard init/nodelog/*.h) init/dirscan.h init/fileio.h init/backoff.h \
	init/os_release.h init/compiler.h init/privdrop/privdrop.h
NODELOG_LIB := $(addprefix init/nodelog/,kmsg_record.c kmsg_seq.c log_line.c syslog_format.c \
	log_name.c log_size.c log_cursor.c log_scan.c log_clock.c log_store.c log_drain.c \
	log_forward.c log_prepare.c boot_info.c nodelog_args.c) \
	init/dirscan.c init/fileio.c init/backoff.c init/os_release.c
# No -Iinit: the sources name init's headers by relative path.
NODELOG_INC := -Iinit/nodelog

$(B)/nodelog: init/nodelog/nodelog.c $(NODELOG_LIB) init/privdrop/privdrop.c $(NODELOG_HDR) $(UAPI)
	@mkdir -p $(@D)
	$(MUSLCC) $(CFLAGS_COMMON) -static -s -isystem $(B)/uapi $(NODELOG_INC) -o $@ $< \
		$(NODELOG_LIB) init/privdrop/privdrop.c

# Unit tests: named explicitly, so they win over the top Makefile's $(B)/unit/% rule for init/.
NODELOG_UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/unit/%,$(wildcard tests/unit/test_nodelog_*.c))

$(NODELOG_UNIT_BIN): $(B)/unit/%: tests/unit/%.c $(NODELOG_LIB) $(NODELOG_HDR) tests/unit/check.h
	@mkdir -p $(@D)
	gcc $(CFLAGS_COMMON) -g $(NODELOG_INC) -o $@ $< $(NODELOG_LIB)

UNIT_BIN += $(NODELOG_UNIT_BIN)
unit: $(NODELOG_UNIT_BIN) $(B)/nodelog

NODELOG_FUZZ_LIB := $(addprefix init/nodelog/,kmsg_record.c log_line.c syslog_format.c)
$(B)/fuzz/init/fuzz_kmsg_record: tests/fuzz/init/fuzz_kmsg_record.c tests/fuzz/fuzz_assert.h \
		$(NODELOG_FUZZ_LIB) $(wildcard init/nodelog/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(NODELOG_INC) -o $@ $< $(NODELOG_FUZZ_LIB)

# Two seeds (a tagged user record with a continuation line, a kernel record), so the 20 s of a
# short run go into the message and the tag rather than into finding the prefix's shape.
.PHONY: fuzz-nodelog
fuzz: fuzz-nodelog
fuzz-nodelog: $(B)/fuzz/init/fuzz_kmsg_record
	@d=$(B)/fuzz/init; n=fuzz_kmsg_record; mkdir -p $$d/$$n.corpus $$d/artifacts; \
	printf '\004\005node3.0.014,4711,12345678,-,caller=T1;ntp[230]: nodetime: clock stepped\n SUBSYSTEM=x\n' \
		> $$d/$$n.corpus/seed-user; \
	printf '\000\0006,0,0,-;Linux version 6.1.0 \\x1b[0m\n' > $$d/$$n.corpus/seed-kernel; \
	echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	$$d/$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-artifact_prefix=$$d/artifacts/ $$d/$$n.corpus > $$d/$$n.log 2>&1 || \
		{ tail -40 $$d/$$n.log; echo "fuzz: $$n FAILED (log $$d/$$n.log)"; exit 1; }; \
	grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $$d/$$n.log | tr '\n' ' '; echo

.PHONY: nodelog-clean
clean: nodelog-clean
nodelog-clean:
	rm -rf $(B)/nodelog $(B)/fuzz/init/fuzz_kmsg_record*
