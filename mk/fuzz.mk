# Fuzzing (tests/fuzz/README.md).
#   make fuzz [FUZZ_TIME=S] [FUZZ_TARGETS="decode elf"] [FUZZ_FLAGS=-len_control=0]
#     builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz/
#     and runs each for FUZZ_TIME seconds from its seed corpus
#     tests/fuzz/<target>/; new inputs go to build-fuzz/corpus/<target>/,
#     crashes to build-fuzz/crash-<target>-*.
#   make fuzz-build FUZZ_NOCMP=1  the same without comparison tracing
#     (-fno-sanitize-coverage=trace-cmp), into build-fuzz-nocmp/: about
#     twice the executions per second, no comparison-guided mutations; for
#     long campaigns once coverage has levelled off (tests/fuzz/README.md).
#   make fuzz-replay  (part of make check) replays the committed corpora
#     and crash reproducers through the same targets built with $(CC).
FUZZ_TARGETS ?= decode exec bare elf syscall multiboot mbload
FUZZ_TIME    ?= 30
FUZZ_FLAGS   ?=
FUZZ_CC      ?= clang-14
FUZZ_DIR     := build-fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -std=gnu11 -g -O2 -fno-omit-frame-pointer -fno-strict-aliasing \
	-Wall -Wextra $(FUZZ_SAN) -fsanitize=fuzzer-no-link
ifeq ($(FUZZ_NOCMP),1)
FUZZ_DIR     := build-fuzz-nocmp
FUZZ_CFLAGS  += -fno-sanitize-coverage=trace-cmp
endif
FUZZ_LIB_OBJ := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(wildcard mmu/*.c cpu/*.c cpu/*/*.c kernel/*.c))
FUZZ_COMMON  := tests/fuzz/fuzz_common.c

.PHONY: fuzz fuzz-build fuzz-deps fuzz-replay

fuzz-deps:
	@tests/fuzz/deps.sh

$(FUZZ_DIR)/obj/%.o: %.c | fuzz-deps
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON) tests/fuzz/fuzz_common.h $(FUZZ_LIB_OBJ)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_COMMON) $(FUZZ_LIB_OBJ)

.SECONDARY: $(FUZZ_LIB_OBJ)
-include $(shell find $(FUZZ_DIR)/obj -name "*.d" 2>/dev/null)

fuzz-build: $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_TARGETS))

# The ELF target also starts from every guest program that was built.
fuzz: fuzz-build programs
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/corpus/$$t; \
		if [ $$t = elf ]; then cp $(PROG_DIR)/hello $(PROG_DIR)/attacks/* \
			$(FUZZ_DIR)/corpus/elf/ 2>/dev/null; fi; \
		ml=4096; if [ $$t = elf ] || [ $$t = mbload ]; then ml=16384; fi; \
		echo "== fuzz_$$t for $(FUZZ_TIME) s (log $(FUZZ_DIR)/fuzz_$$t.log)"; \
		$(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-rss_limit_mb=1024 -timeout=30 -close_fd_mask=1 -max_len=$$ml $(FUZZ_FLAGS) \
			-artifact_prefix=$(FUZZ_DIR)/crash-$$t- \
			$(FUZZ_DIR)/corpus/$$t tests/fuzz/$$t </dev/null \
			>$(FUZZ_DIR)/fuzz_$$t.log 2>&1; rc=$$?; \
		grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|cov: .*ft:' \
			$(FUZZ_DIR)/fuzz_$$t.log | tail -3; \
		if [ $$rc -ne 0 ]; then echo "fuzz_$$t: FINDING (see the log)"; exit 1; fi; \
	done

# ---- replay of the committed inputs, in make check ----
FUZZ_REPLAY := $(BUILD)/fuzz-replay
$(FUZZ_REPLAY)/replay_%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON) tests/fuzz/fuzz_common.h \
		tests/fuzz/replay.c $(LIBEMU)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(FUZZ_COMMON) tests/fuzz/replay.c $(LIBEMU) $(LDFLAGS_SAN)

fuzz-replay: $(addprefix $(FUZZ_REPLAY)/replay_,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
		$(FUZZ_REPLAY)/replay_$$t tests/fuzz/$$t </dev/null >/dev/null || exit 1; \
	done

CHECK_TARGETS += fuzz-replay

# make fuzz-campaign [FUZZ_TARGETS="decode ..."] [FUZZ_RUNS=N] [FUZZ_JOBS=2]: a
# campaign counted in executions (FUZZ_RUNS per target, over FUZZ_JOBS
# processes), e.g. issue 21's 10^8: see tests/fuzz/README.md, "Campaigns".
FUZZ_RUNS ?= 1000000
FUZZ_JOBS ?= 2
fuzz-campaign: fuzz-build
	FUZZ_DIR=$(FUZZ_DIR) FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_JOBS=$(FUZZ_JOBS) \
		FUZZ_TARGETS="$(FUZZ_TARGETS)" tests/fuzz/campaign.sh
.PHONY: fuzz-campaign
